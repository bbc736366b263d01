package dev.clientele.http;

import dev.clientele.customer.Customer;
import dev.clientele.ingest.VcardExporter;
import dev.clientele.json.Json;
import dev.clientele.search.ListQuery;
import dev.clientele.search.ListSearcher;
import dev.clientele.store.SavedListStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /api/export?<list params>&format=csv|ndjson|vcf&columns=…&include_opted_out=false&bom=false} (or
 * {@code list=<id>&list_columns=true} for the columns saved with a list instead of {@code columns}): every
 * match of a list, streamed straight to the response while the index is walked, so memory does not grow with
 * the number of rows.
 *
 * <p>Opted-out customers are left out unless {@code include_opted_out=true} or the query filters on
 * {@code opted_out} itself. NDJSON without {@code columns} writes whole customers, which {@code
 * POST /api/customers/_bulk} imports again; with columns it writes objects of those columns. CSV cells are
 * neutralised against formula injection ({@link CsvWriter}).
 */
final class ExportRoutes {
    /** The route's own parameters next to the list parameters. */
    private static final java.util.Set<String> OWN_PARAMS = ListParams.withTextParams("format", "columns",
            "list_columns", "include_opted_out", "bom");
    private final dev.clientele.search.CustomerSearcher searcher;
    private final ListSearcher lists;
    private final SavedListStore saved;

    ExportRoutes(dev.clientele.search.CustomerSearcher searcher, ListSearcher lists, SavedListStore saved) {
        this.searcher = searcher;
        this.lists = lists;
        this.saved = saved;
    }

    static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    void register(RoutesConfig routes) {
        routes.get("/api/export", this::export, Access.READER);
    }

    void export(Context ctx) throws IOException {
        ListParams.requireKnownWholeList(ctx.queryParamMap(), OWN_PARAMS, "an export writes");
        Map<String, List<String>> params = SavedListRoutes.params(ctx, saved);
        String format = ListParams.single(params, "format");
        format = format == null || format.isBlank() ? "csv" : format.strip();
        if (!List.of("csv", "ndjson", "vcf", "xlsx").contains(format)) {
            throw new BadRequestException("format", "format must be csv, xlsx, ndjson or vcf, was '" + format + "'");
        }
        List<String> given = ExportColumns.parse(params.getOrDefault("columns", List.of()));
        boolean listColumns = bool(params, "list_columns");
        List<String> columns = listColumns ? savedColumns(ctx, given) : given;
        boolean vcf = format.equals("vcf");
        if (vcf && (columns != null || listColumns)) {
            String param = listColumns ? "list_columns" : "columns";
            throw new BadRequestException(param, param + " apply to csv, xlsx and ndjson; a vCard has every field");
        }
        boolean includeOptedOut = bool(params, "include_opted_out");
        boolean bom = bool(params, "bom");
        ListQuery q = ListParams.parse(params);
        if (!includeOptedOut && !q.include().containsKey("opted_out")) {
            List<String> excluded = new ArrayList<>(q.exclude().getOrDefault("opted_out", List.of()));
            excluded.add("true");
            q = q.withExclude("opted_out", excluded.toArray(String[]::new));
        }
        String text = ListParams.single(params, "q");
        boolean advanced = SearchRoutes.advanced(params);
        boolean csv = format.equals("csv");
        ctx.contentType(csv ? "text/csv; charset=utf-8" : vcf ? "text/vcard; charset=utf-8"
                : format.equals("xlsx") ? XLSX_TYPE : "application/x-ndjson; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"customers." + format + "\"");
        List<String> cols = columns != null ? columns : ExportColumns.DEFAULT;
        List<Function<Customer, String>> getters = cols.stream().map(ExportColumns.ALL::get).toList();
        if (format.equals("xlsx")) {
            // Text cells: nothing is evaluated, so no formula guard; lists joined as in the CSV, unguarded.
            try (var sheet = dev.clientele.ingest.XlsxExporter.open(ctx.outputStream(), cols)) {
                searcher.forEachMatch(lists, q, text, advanced, Scopes.of(ctx), c -> {
                    List<String> row = new ArrayList<>(getters.size());
                    for (Function<Customer, String> g : getters) {
                        row.add(g.apply(c));
                    }
                    sheet.writeRow(row);
                });
            }
            return;
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 1 << 16);
        if (vcf) {
            // A vCard file has no byte-order mark: address books read it as UTF-8, and some take a BOM for text.
            VcardExporter cards = VcardExporter.open(out);
            searcher.forEachMatch(lists, q, text, advanced, Scopes.of(ctx), cards::write);
            cards.flush();
            return;
        }
        if (bom) {
            out.write('\uFEFF');
        }
        CsvWriter csvWriter = new CsvWriter(out);
        boolean[] guarded = new boolean[cols.size()];
        List<Function<Customer, List<String>>> listGetters = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            listGetters.add(ExportColumns.LISTS.get(cols.get(i)));
            guarded[i] = listGetters.get(i) != null;
        }
        if (csv) {
            csvWriter.writeRow(cols);
        }
        searcher.forEachMatch(lists, q, text, advanced, Scopes.of(ctx), c -> {
            try {
                if (csv) {
                    List<String> row = new ArrayList<>(getters.size());
                    for (int i = 0; i < getters.size(); i++) {
                        row.add(guarded[i] ? CsvWriter.listCell(listGetters.get(i).apply(c)) : getters.get(i).apply(c));
                    }
                    csvWriter.writeRow(row, guarded);
                } else if (columns == null) {
                    out.write(Json.toString(c));
                    out.write('\n');
                } else {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 0; i < cols.size(); i++) {
                        row.put(cols.get(i), getters.get(i).apply(c));
                    }
                    out.write(Json.toString(row));
                    out.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.flush();
    }

    /**
     * The columns saved with the list of {@code list=<id>}, asked for with {@code list_columns=true}. Asked for, not
     * taken by themselves: an export of a saved list has always had every column, and scripts that fetch one and
     * import it again rely on that; a list saved without columns still exports every column.
     */
    private List<String> savedColumns(Context ctx, List<String> given) {
        if (given != null) {
            throw new BadRequestException("list_columns", "list_columns=true exports the saved list's columns; give "
                    + "either columns or list_columns, not both");
        }
        String id = ListParams.single(ctx.queryParamMap(), "list");
        if (id == null || id.isBlank()) {
            throw new BadRequestException("list_columns", "list_columns=true needs a saved list: list=<id>");
        }
        return SavedListRoutes.find(saved, id.strip()).columns();
    }

    private static boolean bool(Map<String, List<String>> params, String name) {
        String v = ListParams.single(params, name);
        if (v == null || v.isBlank()) {
            return false;
        }
        return switch (v.strip()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new BadRequestException(name, name + " must be true or false, was '" + v + "'");
        };
    }
}
