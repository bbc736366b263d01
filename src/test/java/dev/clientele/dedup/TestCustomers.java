package dev.clientele.dedup;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Gender;
import dev.clientele.customer.Kind;
import java.time.LocalDate;
import java.util.List;

/** Builds customers with only the fields the duplicate matcher looks at. */
public final class TestCustomers {

    private TestCustomers() {
    }

    public static Customer customer(String id, Kind kind, String firstName, String lastName, String company,
            List<String> emails, List<String> phones, Address address, LocalDate birthday) {
        return new Customer(id, null, kind, firstName, lastName, company, null, emails, phones, address, null, null,
                null, null, List.of(), null, birthday, null, null, null, null, null, null, null, List.of(), null, null,
                null, null, null, null);
    }

    /** The same customer with a gender. */
    public static Customer withGender(Customer c, Gender gender) {
        return new Customer(c.id(), c.externalId(), c.kind(), c.firstName(), c.lastName(), c.company(), c.position(),
                c.emails(), c.phones(), c.address(), c.industry(), c.website(), c.rep(), c.notes(), c.tags(),
                c.source(), c.birthday(), gender, c.language(), c.preferredChannel(), c.contactHours(), c.consent(),
                c.marketingOptOut(), c.funnelStage(), c.purchases(), c.lifetimeSpend(), c.lastPurchaseDate(),
                c.purchaseCount(), c.createdAt(), c.updatedAt(), c.version());
    }

    /** The same customer with a website. */
    public static Customer withWebsite(Customer c, String website) {
        return new Customer(c.id(), c.externalId(), c.kind(), c.firstName(), c.lastName(), c.company(), c.position(),
                c.emails(), c.phones(), c.address(), c.industry(), website, c.rep(), c.notes(), c.tags(),
                c.source(), c.birthday(), c.gender(), c.language(), c.preferredChannel(), c.contactHours(),
                c.consent(), c.marketingOptOut(), c.funnelStage(), c.purchases(), c.lifetimeSpend(),
                c.lastPurchaseDate(), c.purchaseCount(), c.createdAt(), c.updatedAt(), c.version());
    }

    public static Customer person(String first, String last) {
        return customer(null, Kind.PERSON, first, last, null, List.of(), List.of(), null, null);
    }
}
