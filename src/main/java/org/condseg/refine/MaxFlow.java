package org.condseg.refine;

import java.util.Arrays;

/**
 * Maximum flow and minimum cut by Boykov and Kolmogorov's algorithm (IEEE PAMI 26(9), 2004): two
 * search trees grown from the source and the sink, augmenting along the paths where they meet, and
 * reusing the trees after each augmentation (orphans adopt new parents). Fast on the short paths of
 * image grids. Capacities are non-negative; a node's terminal capacities may both be set (only their
 * difference matters to the cut; the smaller is counted as flow at once).
 *
 * <pre>{@code
 * MaxFlow g = new MaxFlow(2, 1);
 * g.addTerminal(0, 5, 0);     // source → 0: 5
 * g.addTerminal(1, 0, 4);     // 1 → sink: 4
 * g.addEdge(0, 1, 3, 0);      // 0 → 1: 3
 * double flow = g.solve();    // 3
 * boolean s = g.sourceSide(1); // false
 * }</pre>
 */
final class MaxFlow {

    private static final int NONE = -1, TERMINAL = -2, ORPHAN = -3;
    private static final byte SOURCE = 1, SINK = 2;
    private static final int INF_DIST = Integer.MAX_VALUE;

    private final int nodes;
    private final int[] first;
    private int[] next, head;
    private double[] cap;
    private int arcs;
    private final double[] tr;
    private double flow;

    private int[] parent, ts, dist;
    private byte[] tree;
    private int time;
    private IntDeque active, orphans;
    private boolean[] queued;

    MaxFlow(int nodes, int expectedEdges) {
        this.nodes = nodes;
        first = new int[nodes];
        Arrays.fill(first, NONE);
        int n = Math.max(2, 2 * expectedEdges);
        next = new int[n];
        head = new int[n];
        cap = new double[n];
        tr = new double[nodes];
    }

    /** An edge {@code i → j} of capacity {@code ij} and {@code j → i} of capacity {@code ji}. */
    void addEdge(int i, int j, double ij, double ji) {
        if (!(ij >= 0 && ji >= 0))
            throw new IllegalArgumentException("capacities " + ij + ", " + ji + " of edge " + i + "–" + j + " are not ≥ 0");
        if (arcs + 2 > head.length) {
            int n = head.length * 2;
            next = Arrays.copyOf(next, n);
            head = Arrays.copyOf(head, n);
            cap = Arrays.copyOf(cap, n);
        }
        int a = arcs++, b = arcs++;
        head[a] = j;
        cap[a] = ij;
        next[a] = first[i];
        first[i] = a;
        head[b] = i;
        cap[b] = ji;
        next[b] = first[j];
        first[j] = b;
    }

    /** Adds capacity from the source to {@code i} and from {@code i} to the sink. */
    void addTerminal(int i, double source, double sink) {
        if (!(source >= 0 && sink >= 0))
            throw new IllegalArgumentException("terminal capacities " + source + ", " + sink + " of node " + i + " are not ≥ 0");
        double old = tr[i];
        if (old > 0)
            source += old;
        else
            sink -= old;
        flow += Math.min(source, sink);
        tr[i] = source - sink;
    }

    /** Runs the algorithm once; returns the maximum flow (the minimum cut's capacity). */
    double solve() {
        parent = new int[nodes];
        ts = new int[nodes];
        dist = new int[nodes];
        tree = new byte[nodes];
        queued = new boolean[nodes];
        active = new IntDeque();
        orphans = new IntDeque();
        for (int i = 0; i < nodes; i++) {
            if (tr[i] > 0) {
                tree[i] = SOURCE;
                parent[i] = TERMINAL;
                dist[i] = 1;
                activate(i);
            } else if (tr[i] < 0) {
                tree[i] = SINK;
                parent[i] = TERMINAL;
                dist[i] = 1;
                activate(i);
            } else {
                parent[i] = NONE;
            }
        }
        int current = NONE;
        while (true) {
            int i = current;
            if (i == NONE || parent[i] == NONE) {
                i = nextActive();
                if (i == NONE)
                    break;
            }
            int middle = grow(i);
            time++;
            if (middle != NONE) {
                current = i;
                augment(middle);
                while (!orphans.isEmpty())
                    adopt(orphans.pollFirst());
            } else {
                current = NONE;
            }
        }
        return flow;
    }

    /** After {@link #solve}: whether node {@code i} is on the source side of the minimum cut. */
    boolean sourceSide(int i) {
        return parent[i] != NONE && tree[i] == SOURCE;
    }

    /** Grows the tree of {@code i} by its neighbours; returns the arc (source side → sink side) where the trees meet. */
    private int grow(int i) {
        if (tree[i] == SOURCE) {
            for (int a = first[i]; a != NONE; a = next[a]) {
                if (cap[a] <= 0)
                    continue;
                int j = head[a];
                if (parent[j] == NONE) {
                    tree[j] = SOURCE;
                    adoptChild(j, a ^ 1, i);
                    activate(j);
                } else if (tree[j] == SINK) {
                    return a;
                } else if (ts[j] <= ts[i] && dist[j] > dist[i]) {
                    adoptChild(j, a ^ 1, i);
                }
            }
        } else {
            for (int a = first[i]; a != NONE; a = next[a]) {
                if (cap[a ^ 1] <= 0)
                    continue;
                int j = head[a];
                if (parent[j] == NONE) {
                    tree[j] = SINK;
                    adoptChild(j, a ^ 1, i);
                    activate(j);
                } else if (tree[j] == SOURCE) {
                    return a ^ 1;
                } else if (ts[j] <= ts[i] && dist[j] > dist[i]) {
                    adoptChild(j, a ^ 1, i);
                }
            }
        }
        return NONE;
    }

    private void adoptChild(int j, int arcToParent, int p) {
        parent[j] = arcToParent;
        ts[j] = ts[p];
        dist[j] = dist[p] + 1;
    }

    private void augment(int middle) {
        double b = cap[middle];
        int i;
        for (i = head[middle ^ 1]; parent[i] != TERMINAL; i = head[parent[i]])
            b = Math.min(b, cap[parent[i] ^ 1]);
        b = Math.min(b, tr[i]);
        for (i = head[middle]; parent[i] != TERMINAL; i = head[parent[i]])
            b = Math.min(b, cap[parent[i]]);
        b = Math.min(b, -tr[i]);

        cap[middle ^ 1] += b;
        cap[middle] -= b;
        for (i = head[middle ^ 1];;) {
            int a = parent[i];
            if (a == TERMINAL) {
                tr[i] -= b;
                if (tr[i] == 0)
                    orphan(i, true);
                break;
            }
            cap[a] += b;
            cap[a ^ 1] -= b;
            if (cap[a ^ 1] == 0)
                orphan(i, true);
            i = head[a];
        }
        for (i = head[middle];;) {
            int a = parent[i];
            if (a == TERMINAL) {
                tr[i] += b;
                if (tr[i] == 0)
                    orphan(i, true);
                break;
            }
            cap[a ^ 1] += b;
            cap[a] -= b;
            if (cap[a] == 0)
                orphan(i, true);
            i = head[a];
        }
        flow += b;
    }

    private void orphan(int i, boolean front) {
        parent[i] = ORPHAN;
        if (front)
            orphans.addFirst(i);
        else
            orphans.addLast(i);
    }

    /** Finds {@code i} a new parent in its tree, or frees it and orphans its children. */
    private void adopt(int i) {
        boolean source = tree[i] == SOURCE;
        int best = NONE, dmin = INF_DIST;
        for (int a0 = first[i]; a0 != NONE; a0 = next[a0]) {
            if ((source ? cap[a0 ^ 1] : cap[a0]) <= 0)
                continue;
            int j = head[a0];
            if (parent[j] == NONE || tree[j] != tree[i])
                continue;
            int d = 0, k = j;
            while (true) {
                if (ts[k] == time) {
                    d += dist[k];
                    break;
                }
                int a = parent[k];
                d++;
                if (a == TERMINAL) {
                    ts[k] = time;
                    dist[k] = 1;
                    break;
                }
                if (a == ORPHAN) {
                    d = INF_DIST;
                    break;
                }
                k = head[a];
            }
            if (d < INF_DIST) {
                if (d < dmin) {
                    best = a0;
                    dmin = d;
                }
                for (k = j; ts[k] != time; k = head[parent[k]]) {
                    ts[k] = time;
                    dist[k] = d--;
                }
            }
        }
        if (best != NONE) {
            parent[i] = best;
            ts[i] = time;
            dist[i] = dmin + 1;
            return;
        }
        parent[i] = NONE;
        for (int a0 = first[i]; a0 != NONE; a0 = next[a0]) {
            int j = head[a0];
            int a = parent[j];
            if (a == NONE || tree[j] != tree[i])
                continue;
            if ((source ? cap[a0 ^ 1] : cap[a0]) > 0)
                activate(j);
            if (a != TERMINAL && a != ORPHAN && head[a] == i)
                orphan(j, false);
        }
    }

    private void activate(int i) {
        if (!queued[i]) {
            queued[i] = true;
            active.addLast(i);
        }
    }

    private int nextActive() {
        while (!active.isEmpty()) {
            int i = active.pollFirst();
            queued[i] = false;
            if (parent[i] != NONE)
                return i;
        }
        return NONE;
    }

    /** A double-ended queue of ints on a circular array. */
    private static final class IntDeque {
        private int[] a = new int[64];
        private int start, size;

        boolean isEmpty() {
            return size == 0;
        }

        void addLast(int v) {
            grow();
            a[(start + size++) % a.length] = v;
        }

        void addFirst(int v) {
            grow();
            start = (start - 1 + a.length) % a.length;
            a[start] = v;
            size++;
        }

        int pollFirst() {
            int v = a[start];
            start = (start + 1) % a.length;
            size--;
            return v;
        }

        private void grow() {
            if (size < a.length)
                return;
            int[] b = new int[a.length * 2];
            for (int k = 0; k < size; k++)
                b[k] = a[(start + k) % a.length];
            a = b;
            start = 0;
        }
    }
}
