package dev.clientele.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-caller request limits: a token bucket per key id (anonymous loopback callers share one), holding at most
 * {@code perMinute} tokens and refilled at {@code perMinute / 60} per second, so short bursts pass and a sustained
 * flood is slowed to the limit. {@code perMinute <= 0} turns limiting off. Thread-safe.
 */
public final class RateLimiter {
    private final double capacity;
    private final double perNano;
    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute, LongSupplier nanoClock) {
        this.capacity = perMinute;
        this.perNano = perMinute / 60e9;
        this.clock = nanoClock;
    }

    public RateLimiter(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    public boolean enabled() {
        return capacity > 0;
    }

    /** Takes one token for the caller; false (and nothing taken) when the caller is over the limit. */
    public boolean tryAcquire(String caller) {
        if (!enabled()) {
            return true;
        }
        return buckets.computeIfAbsent(caller, k -> new Bucket(capacity, clock.getAsLong())).take(capacity, perNano,
                clock.getAsLong());
    }

    /** Seconds until the caller has a token again (for Retry-After), at least 1. */
    public long retryAfterSeconds(String caller) {
        Bucket b = buckets.get(caller);
        if (b == null || perNano <= 0) {
            return 1;
        }
        return Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano / 1e9));
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized boolean take(double capacity, double perNano, long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
