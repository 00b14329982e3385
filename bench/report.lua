-- wrk script for bench/production.py: the same GET or POST on every request, with the headers given after "--"
-- as "Name: value" arguments, and one JSON line at the end. errors are socket errors and timeouts; non_2xx is
-- wrk's count of answers with a status of 400 or more (every URL is checked to answer 200 before it is measured,
-- and a Lua response() hook would slow wrk down enough to hide what is measured).
function init(args)
  for _, header in ipairs(args) do
    local name, value = header:match("^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "errors": %d, "non_2xx": %d, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
