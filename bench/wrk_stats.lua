-- wrk script: counts responses outside 2xx and prints one JSON line of results.
-- Optional: BENCH_MIX_FILE names a file of "cookie<TAB>path" lines; each
-- connection then cycles through them (the mixed load).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

local mix = {}
local position = 1
non2xx = 0
-- Server errors, apart from 503 ("try again in a minute"), which is the
-- expected answer while the database is away and is counted on its own.
errors5xx = 0
unavailable = 0

function init(args)
  local name = os.getenv("BENCH_MIX_FILE")
  if name and name ~= "" then
    for line in io.lines(name) do
      local cookie, path = line:match("^(.-)\t(.*)$")
      if path then
        table.insert(mix, { cookie = cookie, path = path })
      end
    end
    -- Start each thread at a different place in the cycle.
    position = ((thread_number or 1) * 7) % #mix + 1
  end
end

function request()
  if #mix == 0 then
    return wrk.request()
  end
  local item = mix[position]
  position = position % #mix + 1
  return wrk.format("GET", item.path, { Cookie = item.cookie })
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  if status == 503 then
    unavailable = unavailable + 1
  elseif status >= 500 then
    errors5xx = errors5xx + 1
  end
end

function done(summary, latency, requests)
  local bad, server_errors, unavailable_total = 0, 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    server_errors = server_errors + thread:get("errors5xx")
    unavailable_total = unavailable_total + thread:get("unavailable")
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, ' ..
    '"p95_us": %d, "p99_us": %d, "max_us": %d, "non2xx": %d, "errors_5xx": %d, ' ..
    '"unavailable_503": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    bad, server_errors, unavailable_total, errors.connect, errors.read, errors.write,
    errors.timeout))
end
