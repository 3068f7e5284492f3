package org.condseg.conditioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.condseg.model.UsageException;
import org.junit.jupiter.api.Test;

/** Class names and indices to one-hot vectors, and the usage errors that name the classes. */
class ClassEncoderTest {

    static final List<String> AAL = List.of("Precentral_L", "Precentral_R", "Frontal_Sup_L", "Frontal_Sup_R",
            "Hippocampus_L", "Hippocampus_R", "Vermis_1_2", "Vermis_3");

    @Test
    void resolvesNamesExactlyThenIgnoringCaseThenIndices() throws Exception {
        assertEquals(4, ClassEncoder.resolve(AAL, "Hippocampus_L"));
        assertEquals(5, ClassEncoder.resolve(AAL, "hippocampus_r"));
        assertEquals(5, ClassEncoder.resolve(AAL, " HIPPOCAMPUS_R "));
        assertEquals(0, ClassEncoder.resolve(AAL, "0"));
        assertEquals(7, ClassEncoder.resolve(AAL, "7"));
    }

    @Test
    void aNameThatLooksLikeANumberWinsOverTheIndex() throws Exception {
        assertEquals(1, ClassEncoder.resolve(List.of("2", "7", "zero"), "7"));
        assertEquals(0, ClassEncoder.resolve(List.of("2", "7", "zero"), "2"));
    }

    @Test
    void unknownNamesSuggestTheNearest() {
        UsageException e = assertThrows(UsageException.class, () -> ClassEncoder.resolve(AAL, "Hipocampus_L"));
        assertTrue(e.getMessage().contains("unknown class 'Hipocampus_L'"), e.getMessage());
        assertTrue(e.getMessage().contains("Hippocampus_L"), e.getMessage());
        assertTrue(e.getMessage().contains("8 classes"), e.getMessage());
        e = assertThrows(UsageException.class, () -> ClassEncoder.resolve(AAL, "vermis"));
        assertTrue(e.getMessage().contains("Vermis_1_2, Vermis_3"), e.getMessage());
    }

    @Test
    void missingOrOutOfRangeClassesAreUsageErrors() {
        assertTrue(assertThrows(UsageException.class, () -> ClassEncoder.resolve(AAL, null)).getMessage()
                .contains("--class NAME|INDEX"));
        assertTrue(assertThrows(UsageException.class, () -> ClassEncoder.resolve(AAL, "  ")).getMessage()
                .contains("--class"));
        assertTrue(assertThrows(UsageException.class, () -> ClassEncoder.resolve(AAL, "8")).getMessage()
                .contains("0 to 7"));
    }

    @Test
    void oneHot() {
        assertArrayEquals(new float[] {0, 0, 1}, ClassEncoder.oneHot(2, 3));
        assertThrows(IllegalArgumentException.class, () -> ClassEncoder.oneHot(3, 3));
    }

    @Test
    void editDistance() {
        assertEquals(0, ClassEncoder.distance("abc", "abc"));
        assertEquals(1, ClassEncoder.distance("hipocampus", "hippocampus"));
        assertEquals(3, ClassEncoder.distance("", "abc"));
    }
}
