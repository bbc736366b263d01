package dev.clientele.dedup;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
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

    public static Customer person(String first, String last) {
        return customer(null, Kind.PERSON, first, last, null, List.of(), List.of(), null, null);
    }
}
