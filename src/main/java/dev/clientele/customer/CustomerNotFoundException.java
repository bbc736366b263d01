package dev.clientele.customer;

/** No customer has the given id (or external id). */
public class CustomerNotFoundException extends RuntimeException {
    public CustomerNotFoundException(String what) {
        super("no customer " + what);
    }
}
