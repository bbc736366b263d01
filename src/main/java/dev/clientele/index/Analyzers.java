package dev.clientele.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/** The per-field analyzers of the customer index. */
public final class Analyzers {
    private Analyzers() {
    }

    /** The analyzer the IndexWriter uses for text fields. */
    public static Analyzer indexAnalyzer() {
        return new StandardAnalyzer();
    }
}
