package dev.clientele.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The query cache tells queries apart by equals and hashCode: by class and by every parameter. */
class PurchasesQueryTest {
    @Test
    void purchase_queries_are_equal_when_their_class_and_every_parameter_are() {
        var window = new PurchaseWindowQuery(100, 200, 0, 5000, 1, 9);
        assertThat(window).isEqualTo(new PurchaseWindowQuery(100, 200, 0, 5000, 1, 9))
                .hasSameHashCodeAs(new PurchaseWindowQuery(100, 200, 0, 5000, 1, 9));
        assertThat(window).isNotEqualTo(new PurchaseWindowQuery(100, 200, 0, 5000, 1, 8))
                .isNotEqualTo(new PurchaseWindowQuery(101, 200, 0, 5000, 1, 9));
        var spend = new BaseSpendQuery(SpendConversion.IDENTITY, 0, 5000);
        assertThat(spend).isEqualTo(new BaseSpendQuery(SpendConversion.IDENTITY, 0, 5000))
                .hasSameHashCodeAs(new BaseSpendQuery(SpendConversion.IDENTITY, 0, 5000))
                .isNotEqualTo(new BaseSpendQuery(SpendConversion.IDENTITY, 1, 5000))
                .isNotEqualTo(window);
    }
}
