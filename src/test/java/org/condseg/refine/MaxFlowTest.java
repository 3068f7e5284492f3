package org.condseg.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Boykov–Kolmogorov max-flow against Edmonds–Karp on seeded random graphs, and its cut against its flow. */
class MaxFlowTest {

    @Test
    void smallExample() {
        MaxFlow g = new MaxFlow(2, 1);
        g.addTerminal(0, 5, 0);
        g.addTerminal(1, 0, 4);
        g.addEdge(0, 1, 3, 0);
        assertEquals(3, g.solve(), 1e-12);
        assertTrue(g.sourceSide(0));
        assertFalse(g.sourceSide(1));
    }

    @Test
    void equalsEdmondsKarpAndTheCutEqualsTheFlow() {
        Random rnd = new Random(2004);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(trial < 200 ? 8 : 40);
            int edges = rnd.nextInt(3 * n + 1);
            double[][] c = new double[n + 2][n + 2]; // node n = source, n + 1 = sink
            MaxFlow g = new MaxFlow(n, edges);
            int[][] list = new int[edges][2];
            double[][] caps = new double[edges][2];
            for (int e = 0; e < edges; e++) {
                int i = rnd.nextInt(n), j = rnd.nextInt(n);
                if (i == j)
                    continue;
                double a = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(10), b = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble() * 10;
                g.addEdge(i, j, a, b);
                c[i][j] += a;
                c[j][i] += b;
                list[e] = new int[] {i, j};
                caps[e] = new double[] {a, b};
            }
            double[] src = new double[n], snk = new double[n];
            for (int i = 0; i < n; i++) {
                double s = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(12), t = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble() * 12;
                if (rnd.nextBoolean()) { // in two calls, as graph cuts add terminal costs piecemeal
                    g.addTerminal(i, s / 2, t);
                    g.addTerminal(i, s / 2, 0);
                } else {
                    g.addTerminal(i, s, t);
                }
                src[i] = s;
                snk[i] = t;
                c[n][i] += s;
                c[i][n + 1] += t;
            }
            double flow = g.solve();
            double expected = edmondsKarp(c, n, n + 1);
            assertEquals(expected, flow, 1e-9 * (1 + expected), "trial " + trial);
            double cut = 0;
            for (int i = 0; i < n; i++)
                cut += g.sourceSide(i) ? snk[i] : src[i];
            for (int e = 0; e < edges; e++) {
                int i = list[e][0], j = list[e][1];
                if (i == j)
                    continue;
                if (g.sourceSide(i) && !g.sourceSide(j))
                    cut += caps[e][0];
                if (g.sourceSide(j) && !g.sourceSide(i))
                    cut += caps[e][1];
            }
            assertEquals(flow, cut, 1e-9 * (1 + flow), "the cut's capacity is the flow, trial " + trial);
        }
    }

    @Test
    void aLargeGridSolvesQuickly() {
        int w = 400, h = 400;
        Random rnd = new Random(5);
        MaxFlow g = new MaxFlow(w * h, 2 * w * h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int i = x + w * y;
                double p = (x - 200) * (x - 200) + (y - 200) * (y - 200) < 120 * 120 ? 0.8 : 0.2;
                p = Math.min(0.99, Math.max(0.01, p + 0.3 * rnd.nextGaussian()));
                g.addTerminal(i, -Math.log(1 - p), -Math.log(p));
                if (x + 1 < w)
                    g.addEdge(i, i + 1, 1, 1);
                if (y + 1 < h)
                    g.addEdge(i, i + w, 1, 1);
            }
        long t = System.nanoTime();
        g.solve();
        double s = (System.nanoTime() - t) / 1e9;
        assertTrue(s < 5, "160 000 nodes took " + s + " s");
        assertTrue(g.sourceSide(200 + w * 200) && !g.sourceSide(5 + 5 * w));
    }

    private static double edmondsKarp(double[][] cap, int s, int t) {
        int n = cap.length;
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++)
            r[i] = cap[i].clone();
        double flow = 0;
        while (true) {
            int[] prev = new int[n];
            java.util.Arrays.fill(prev, -1);
            prev[s] = s;
            ArrayDeque<Integer> q = new ArrayDeque<>();
            q.add(s);
            while (!q.isEmpty() && prev[t] < 0) {
                int u = q.poll();
                for (int v = 0; v < n; v++)
                    if (prev[v] < 0 && r[u][v] > 1e-12) {
                        prev[v] = u;
                        q.add(v);
                    }
            }
            if (prev[t] < 0)
                return flow;
            double b = Double.MAX_VALUE;
            for (int v = t; v != s; v = prev[v])
                b = Math.min(b, r[prev[v]][v]);
            for (int v = t; v != s; v = prev[v]) {
                r[prev[v]][v] -= b;
                r[v][prev[v]] += b;
            }
            flow += b;
        }
    }
}
