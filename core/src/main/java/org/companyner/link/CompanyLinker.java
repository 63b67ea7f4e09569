package org.companyner.link;

import org.companyner.text.CodePoints;
import org.companyner.text.Entity;
import org.companyner.text.Normalizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An article's mentions linked: each mention gets the {@link Linker}'s link, except where the article
 * itself says what a name means ({@link DocumentAliases}): after {@code 贵州茅台酒股份有限公司（以下简称“茅台”）}
 * every 茅台 of the article is that company, and occurrences of 茅台 the model missed are added as
 * mentions (never overlapping the model's). Mentions of unknown companies stay, unlinked.
 */
public final class CompanyLinker {
    /** Longest registered name looked for before a declaration bracket when the model found no mention there. */
    private static final int MAX_NAME = 40;

    private final Linker linker;

    public CompanyLinker(Linker linker) {
        this.linker = linker;
    }

    public CompanyLinker(CompanyTable table) {
        this(new Linker(table));
    }

    public Linker linker() {
        return linker;
    }

    /** Every article's mentions linked (see {@link #link(String, List)}). */
    public List<List<Entity>> linkAll(List<String> articles, List<List<Entity>> found) {
        List<List<Entity>> out = new ArrayList<>(articles.size());
        for (int i = 0; i < articles.size(); i++) {
            out.add(link(articles.get(i), found.get(i)));
        }
        return out;
    }

    /**
     * {@code entities} (the model's, sorted, disjoint) with links set, plus the mentions of document
     * aliases the model missed; sorted by start, disjoint.
     */
    public List<Entity> link(String text, List<Entity> entities) {
        int[] cps = CodePoints.of(text);
        List<Known> known = declarations(text, cps, entities);
        boolean[] covered = new boolean[cps.length];
        List<Entity> out = new ArrayList<>(entities.size() + 2);
        for (Entity e : entities) {
            for (int p = e.start(); p < e.end() && p < cps.length; p++) {
                covered[p] = true;
            }
            Known k = declared(known, Names.key(e.text()), e.start());
            out.add(e.withLink(k != null ? k.link : linker.link(e.text())));
        }
        boolean added = false;
        for (Known k : known) {
            int[] alias = Normalizer.normalize(k.decl.alias().codePoints().toArray());
            for (int s = k.decl.aliasStart(); s + alias.length <= cps.length; s++) {
                if (matches(cps, s, alias) && free(covered, s, s + alias.length)
                        && declared(known, k.key, s) == k) {
                    for (int p = s; p < s + alias.length; p++) {
                        covered[p] = true;
                    }
                    out.add(new Entity(s, s + alias.length, CodePoints.substring(text, s, s + alias.length),
                            Entity.COMPANY, k.score, k.link));
                    added = true;
                }
            }
        }
        if (added) {
            out.sort(Comparator.comparingInt(Entity::start));
        }
        return out;
    }

    /** The declaration in force for alias {@code key} at {@code position}: the last one before it. */
    private static Known declared(List<Known> known, String key, int position) {
        Known in = null;
        for (Known k : known) {
            if (k.key.equals(key) && k.decl.nameEnd() <= position) {
                in = k;
            }
        }
        return in;
    }

    private List<Known> declarations(String text, int[] cps, List<Entity> entities) {
        List<DocumentAliases.Declaration> decls = DocumentAliases.find(cps);
        if (decls.isEmpty()) {
            return List.of();
        }
        Map<Integer, Entity> byEnd = new HashMap<>();
        for (Entity e : entities) {
            byEnd.put(e.end(), e);
        }
        List<Known> out = new ArrayList<>();
        for (DocumentAliases.Declaration d : decls) {
            Entity named = byEnd.get(d.nameEnd());
            if (named != null) {
                out.add(new Known(d, Names.key(d.alias()), linker.link(named.text()), named.score()));
                continue;
            }
            // the model found no name before the bracket: a registered name of the table will do
            for (int s = Math.max(0, d.nameEnd() - MAX_NAME); s <= d.nameEnd() - 4; s++) {
                List<Aliases.Entry> hit = linker.table().aliases().lookup(Names.key(CodePoints.substring(text, s, d.nameEnd())));
                if (!hit.isEmpty() && hit.get(0).kind() == Aliases.Kind.REGISTERED && hit.get(0).specificity() >= Linker.THRESHOLD) {
                    out.add(new Known(d, Names.key(d.alias()), Link.to(hit.get(0).company(), hit.get(0).specificity()), 1.0));
                    break;
                }
            }
        }
        return out;
    }

    private static boolean matches(int[] cps, int at, int[] alias) {
        for (int k = 0; k < alias.length; k++) {
            if (Normalizer.normalize(cps[at + k]) != alias[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean free(boolean[] covered, int from, int to) {
        for (int p = from; p < to; p++) {
            if (covered[p]) {
                return false;
            }
        }
        return true;
    }

    /** A declaration whose company is known: its link (null for a company the table lacks) and the score its added mentions get. */
    private record Known(DocumentAliases.Declaration decl, String key, Link link, double score) {
    }
}
