package dev.clientele.dedup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a pair's score depends on besides its two records: the matching code ({@link #VERSION}) and the numbers of
 * the {@link MatchConfig} in effect. The review journal records the fingerprint its pending pairs were scored under;
 * a start that finds another one scores every pending pair again ({@link PairRescorer#rescoreAll}), so a pair does
 * not keep the score and decision of rules or settings that no longer hold until someone edits it.
 */
public final class ScoringRules {
    /**
     * The version of the matching rules. <b>Bump it by hand in every change of the matching code that changes what
     * it scores</b> (a comparator, a cap, a table the comparators read such as street types, nicknames or city names,
     * {@link MatchConfig#DEFAULTS}): the first start after such an upgrade then scores every pending pair again.
     * A change that scores every pair as before (a refactoring, a faster path) leaves it. 1: the rules of the release
     * that reads a Cyrillic стр. as a building, a leading St as Saint, a glued pl. as Platz and a phone number without
     * its extension (the release before made "Rózsa köz 3" and "Rózsa u. 3" two streets; journals from before hold no
     * fingerprint and are scored again once). 2: a romanised {@code str.} after a house number in a line that reads as
     * romanised Russian is a building ({@code ul. Lenina, d. 5, str. 1}: no Straße beside {@code pr-t Lenina}), and
     * {@code Sankt}, {@code Szent} and {@code Szt.} are Saint as a leading {@code St} is ({@code Sankt-Georg-Straße}
     * and {@code St.-Georg-Platz} are two streets of one name, {@code Szent István krt.} = {@code Szt. István körút}).
     * 3: a German direct-dial number is its number and an extension ({@code 030 1234567-12} = {@code +49 30 1234567
     * ext. 12}, and the switchboard {@code +49 30 1234567}'s number; before, the number 030123456712, another one),
     * while a hyphen after a short group still only groups digits ({@code +36 30 123-4567}); a generation is no part
     * of a name ({@code Miller Jr.} = {@code Miller}), and a junior and a senior of one name ({@code Jr.}/{@code Sr.},
     * {@code ifj.}/{@code id.}) are a son and his father: one household, at most possible; a married woman named by
     * her husband's given name ({@code Kovács Jánosné}) has no given name to compare with {@code Kovács Anna} (at most
     * possible) and is two people with {@code Kovács János}.
     */
    public static final int VERSION = 3;

    private ScoringRules() {
    }

    /**
     * The fingerprint of the rules at {@code version} with this config: the version, then a short hash of every
     * number of the config (the record's text, which names each), e.g. {@code r1-3fa2…}. Two configs with the same
     * numbers have the same fingerprint, however the file wrote them.
     */
    static String fingerprint(int version, MatchConfig config) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(config.toString().getBytes(StandardCharsets.UTF_8));
            return "r" + version + "-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fingerprint of the current rules ({@link #VERSION}) with this config. */
    public static String fingerprint(MatchConfig config) {
        return fingerprint(VERSION, config);
    }
}
