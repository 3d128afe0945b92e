-- Prints wrk's summary as one JSON line (after "BENCHMARK-JSON "), read by benchmarks/load.py.
-- Headers come from the environment: IF_NONE_MATCH (a conditional request).
-- PATHS (space-separated) makes every connection cycle through several paths (the soak).
local etag = os.getenv("IF_NONE_MATCH")
if etag and etag ~= "" then
  wrk.headers["If-None-Match"] = etag
end

local paths = {}
for p in string.gmatch(os.getenv("PATHS") or "", "%S+") do
  table.insert(paths, p)
end
local counter = 0

if #paths > 0 then
  request = function()
    counter = counter + 1
    return wrk.format(nil, paths[(counter % #paths) + 1])
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHMARK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
