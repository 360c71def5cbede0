-- Print the 95th percentile latency in milliseconds (wrk reports microseconds).
done = function(summary, latency, requests)
  io.write(string.format("p95_ms=%.3f\n", latency:percentile(95) / 1000))
end
