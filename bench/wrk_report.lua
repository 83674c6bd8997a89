-- Prints wrk's totals as one JSON line, so bench/delivery.py need not parse the text report.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "bytes": %d, "duration_us": %d, "socket_errors": %d, "bad_status": %d, ' ..
    '"p50_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.bytes, summary.duration, e.connect + e.read + e.write + e.timeout,
    e.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
