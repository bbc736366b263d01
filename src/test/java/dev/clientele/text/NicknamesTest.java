package dev.clientele.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class NicknamesTest {

    private final Nicknames nicknames = Nicknames.load();

    @Test
    void bundled_list_covers_english_german_hungarian_and_russian_names() {
        assertThat(nicknames.areEquivalent("Rob", "Robert")).isTrue();
        assertThat(nicknames.areEquivalent("Bobby", "Bob")).isTrue();
        assertThat(nicknames.areEquivalent("Bill", "William")).isTrue();
        assertThat(nicknames.areEquivalent("Peggy", "Margaret")).isTrue();
        assertThat(nicknames.areEquivalent("Sepp", "Josef")).isTrue();
        assertThat(nicknames.areEquivalent("Hans", "Johannes")).isTrue();
        assertThat(nicknames.areEquivalent("Pista", "István")).isTrue();
        assertThat(nicknames.areEquivalent("pista", "Istvan")).isTrue();
        assertThat(nicknames.areEquivalent("Jancsi", "János")).isTrue();
        assertThat(nicknames.areEquivalent("Саша", "Alexander")).isTrue();
        assertThat(nicknames.areEquivalent("Sasha", "Александр")).isTrue();
        assertThat(nicknames.areEquivalent("Дима", "Dmitry")).isTrue();
        assertThat(nicknames.areEquivalent("Серёжа", "Sergei")).isTrue();
        assertThat(nicknames.areEquivalent("Наталья", "Natasha")).isTrue();
        assertThat(nicknames.areEquivalent("Zsóka", "Erzsébet")).isTrue();
        assertThat(nicknames.areEquivalent("Zsóka", "Zsófia")).isTrue();
        assertThat(nicknames.areEquivalent("Marcsi", "Mária")).isTrue();
        assertThat(nicknames.areEquivalent("Pali", "Pál")).isTrue();
        assertThat(nicknames.areEquivalent("Käthe", "Katharina")).isTrue();
        assertThat(nicknames.areEquivalent("Gerd", "Gerhard")).isTrue();
        assertThat(nicknames.areEquivalent("Аня", "Anna")).isTrue();
        assertThat(nicknames.areEquivalent("Соня", "Sofia")).isTrue();
        assertThat(nicknames.areEquivalent("Тёма", "Artem")).isTrue();
    }

    @Test
    void one_name_in_its_hungarian_german_english_and_russian_forms_is_equivalent() {
        List<List<String>> groups = List.of(List.of("Sándor", "Alexander", "Александр", "Sascha", "Sanyi"),
                List.of("István", "Stephan", "Steven", "Степан", "Pista"),
                List.of("Péter", "Peter", "Пётр", "Pyotr"),
                List.of("János", "Johann", "John", "Иван", "Jancsi"),
                List.of("Mihály", "Michael", "Михаил", "Misi"),
                List.of("Katalin", "Katharina", "Catherine", "Екатерина"),
                List.of("Erzsébet", "Elisabeth", "Elizabeth", "Елизавета"),
                List.of("György", "Georg", "George", "Георгий", "Gyuri"));
        for (List<String> g : groups) {
            for (String a : g) {
                for (String b : g) {
                    assertThat(nicknames.areEquivalent(a, b)).as("%s ~ %s", a, b).isTrue();
                }
            }
        }
    }

    @Test
    void list_is_large_enough_to_matter() {
        assertThat(nicknames.size()).isGreaterThan(600);
    }

    @Test
    void different_names_are_not_equivalent() {
        assertThat(nicknames.areEquivalent("Robert", "Richard")).isFalse();
        assertThat(nicknames.areEquivalent("Ivan", "Igor")).isFalse();
        // One root, two names a family can give two children.
        assertThat(nicknames.areEquivalent("Юрий", "Георгий")).isFalse();
        assertThat(nicknames.areEquivalent("Fyodor", "Frederick")).isFalse();
        assertThat(nicknames.areEquivalent("James", "Jacob")).isFalse();
        assertThat(nicknames.areEquivalent("Anna", null)).isFalse();
    }

    @Test
    void a_name_can_belong_to_several_groups() {
        assertThat(nicknames.canonical("Alex")).contains("alexander", "alexandra", "aleksandr");
        assertThat(nicknames.canonical("Zebulon")).containsExactly("zebulon");
    }

    @Test
    void parse_reads_tabs_commas_and_comments() throws Exception {
        Nicknames n = Nicknames.parse(new StringReader("# comment\n\nRobert\tRob, Bob\nRobin,Rob\n"));
        assertThat(n.canonical("bob")).containsExactly("robert");
        assertThat(n.canonical("Rob")).containsExactlyInAnyOrder("robert", "robin");
        assertThat(n.areEquivalent("Bob", "Robin")).isFalse();
        assertThat(n.areEquivalent("Rob", "Robin")).isTrue();
    }
}
