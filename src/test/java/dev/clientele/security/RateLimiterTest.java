package dev.clientele.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void a_burst_up_to_the_limit_passes_then_tokens_come_back_with_time() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(60, now::get); // 60 a minute = 1 a second
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.tryAcquire("k1")).as("request " + i).isTrue();
        }
        assertThat(limiter.tryAcquire("k1")).isFalse();
        assertThat(limiter.retryAfterSeconds("k1")).isEqualTo(1);
        assertThat(limiter.tryAcquire("k2")).as("another caller has its own budget").isTrue();
        now.addAndGet(2_000_000_000L);
        assertThat(limiter.tryAcquire("k1")).isTrue();
        assertThat(limiter.tryAcquire("k1")).isTrue();
        assertThat(limiter.tryAcquire("k1")).isFalse();
    }

    @Test
    void zero_means_no_limit() {
        RateLimiter limiter = new RateLimiter(0, () -> 0L);
        for (int i = 0; i < 100_000; i++) {
            assertThat(limiter.tryAcquire("k")).isTrue();
        }
    }
}
