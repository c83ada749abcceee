// Runs in the page: for every visible control, the contrast of its border against the
// background behind it, and what focusing it by keyboard draws. Used by test_controls.py.
() => {
  const rgba = (text) => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const contrast = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const background = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.name ? '[name=' + el.name + ']' : ''} "${(el.innerText || el.value || '').trim().slice(0, 30)}"`;
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const problems = [];
  let checked = 0;
  const controls = document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]), select, textarea'
  );
  for (const el of controls) {
    if (!visible(el)) continue;
    const style = getComputedStyle(el);
    const border = rgba(style.borderTopColor);
    const width = parseFloat(style.borderTopWidth);
    const ratio = border ? contrast(border, background(el)) : 0;
    if (width < 1 || ratio < 3) problems.push(`border of ${name(el)}: ${style.borderTopColor} ${width}px, ${ratio.toFixed(2)}:1`);
  }
  const focusable = document.querySelectorAll(
    'a[href], button, summary, input:not([type=hidden]), select, textarea'
  );
  for (const el of focusable) {
    if (!visible(el) && !el.classList.contains('skip-link')) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    checked += 1;
    const style = getComputedStyle(el);
    const bg = background(el);
    const outline = rgba(style.outlineColor);
    const outlineOk = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
      && outline && outline.a > 0;
    const rings = [...style.boxShadow.matchAll(/(rgba?\([^)]+\))[^,]*?(-?[\d.]+)px(?:\s*inset)?\s*(?:,|$)/g)];
    const ringOk = rings.some((m) => {
      const c = rgba(m[1]);
      return c && c.a > 0.9 && contrast(c, bg) >= 3 && parseFloat(m[2]) >= 2;
    });
    const outlineContrast = outlineOk && contrast(outline, bg) >= 3;
    if (!(outlineOk && (ringOk || outlineContrast))) {
      problems.push(`focus of ${name(el)}: outline ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; shadow ${style.boxShadow}`);
    }
    el.blur();
  }
  return {problems, checked};
}
