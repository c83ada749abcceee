# The record-access log (audit.RecordAccess) lives here.
