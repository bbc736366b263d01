package dev.clientele.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FoldingTest {

    @Test
    void fold_removes_diacritics_and_lower_cases() {
        assertThat(Folding.fold("Márton")).isEqualTo("marton");
        assertThat(Folding.fold("Müller")).isEqualTo("muller");
        assertThat(Folding.fold("Straße")).isEqualTo("strasse");
        assertThat(Folding.fold("Łukasz")).isEqualTo("lukasz");
        assertThat(Folding.fold("Erdős")).isEqualTo("erdos");
        assertThat(Folding.fold("ØRSTED")).isEqualTo("orsted");
        assertThat(Folding.fold("plain ascii")).isEqualTo("plain ascii");
        assertThat(Folding.fold(null)).isNull();
    }

    @Test
    void fold_german_expands_umlauts() {
        assertThat(Folding.foldGerman("Müller")).isEqualTo("mueller");
        assertThat(Folding.foldGerman("Jörg Bäcker")).isEqualTo("joerg baecker");
        assertThat(Folding.foldGerman("MÜLLER")).isEqualTo("mueller");
        assertThat(Folding.foldGerman("Straße")).isEqualTo("strasse");
    }

    @Test
    void transliterate_turns_cyrillic_into_english_style_latin() {
        assertThat(Folding.transliterate("Иванов")).isEqualTo("ivanov");
        assertThat(Folding.transliterate("Александр")).isEqualTo("aleksandr");
        assertThat(Folding.transliterate("Щукин")).isEqualTo("shchukin");
        assertThat(Folding.transliterate("Хабибуллин")).isEqualTo("khabibullin");
        assertThat(Folding.transliterate("Наталья")).isEqualTo("natalya");
        assertThat(Folding.transliterate("Жанна")).isEqualTo("zhanna");
        // BGN writes a middle dot between т and с (т·с, not ц); nobody types it.
        assertThat(Folding.transliterate("Советская")).isEqualTo("sovetskaya");
        assertThat(Folding.transliterate("Детская улица")).isEqualTo("detskaya ulitsa");
    }

    @Test
    void latin_uses_the_fast_path_for_latin_and_transliteration_otherwise() {
        assertThat(Folding.latin("Kovács Márton")).isEqualTo("kovacs marton");
        assertThat(Folding.latin("Иван Петров")).isEqualTo("ivan petrov");
        assertThat(Folding.hasNonLatinLetter("Kovács")).isFalse();
        assertThat(Folding.hasNonLatinLetter("Ромашка")).isTrue();
    }

    @Test
    void transliteration_is_safe_from_several_threads() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> Folding.transliterate("Щукин Александр")));
            }
            for (var f : futures) {
                assertThat(f.get()).isEqualTo("shchukin aleksandr");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
