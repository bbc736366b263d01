package dev.clientele.testing;

/** CSV files of numbered customers for import tests: row i has the external id {@code prefix + i}. */
public final class TestCsv {
    private TestCsv() {
    }

    /** A header and {@code rows} customers {@code prefix}1 … {@code prefix}{@code rows}, all valid, all different. */
    public static String numbered(String prefix, int rows) {
        StringBuilder csv = new StringBuilder("external_id,first_name,last_name,email,city\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(prefix).append(i).append(",Anna").append(i).append(",Kovács").append(i).append(",anna")
                    .append(i).append("@example.hu,Győr\n");
        }
        return csv.toString();
    }
}
