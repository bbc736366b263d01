-- match-all with 4 facets (region hierarchy top level, industry, rep, spend buckets) and the first 10 hits
request = function()
  return wrk.format("GET", "/api/search?facet=region&facet=industry&facet=rep&facet=spend&limit=10")
end
