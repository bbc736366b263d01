UNCACHED = true
dofile(os.getenv("BENCH_DIR") .. "/filtered4.lua")
