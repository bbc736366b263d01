-- filtered + 4 multi-select facets: two countries OR'ed, one industry, one spend bucket; counts of each selected
-- dimension ignore its own selection. 4 x 24 x 5 = 480 distinct views, so after warm-up the per-generation
-- count cache answers most of them ("common views").
local countries = {"DE", "HU", "RU", "GB"}
local industries = {"Manufacturing", "Retail", "Wholesale", "Construction", "Hospitality", "Healthcare",
  "Education", "Software", "Logistics", "Agriculture", "Finance", "Insurance", "Real%20Estate", "Automotive",
  "Energy", "Media", "Legal%20Services", "Consulting", "Food%20Production", "Telecommunications", "Tourism",
  "Textiles", "Chemicals", "Printing"}
local spends = {"0-100", "100-500", "500-1000", "1000-5000", "5000%2B"}
math.randomseed(42)
request = function()
  local c1 = countries[math.random(#countries)]
  local c2 = countries[math.random(#countries)]
  local path = "/api/search?country=" .. c1 .. "&country=" .. c2 .. "&industry=" .. industries[math.random(#industries)]
    .. "&spend=" .. spends[math.random(#spends)]
    .. "&facet=region&facet=industry&facet=rep&facet=spend&limit=10"
  if UNCACHED then
    -- a spend bound that changes every request: the count cache never hits and the spend clause's bitset is
    -- computed anew; the country and industry bitsets come from the filter cache
    path = path .. "&spend_min=" .. string.format("%.2f", math.random(0, 99999) / 100)
  end
  return wrk.format("GET", path)
end
