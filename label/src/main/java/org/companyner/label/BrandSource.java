package org.companyner.label;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.companyner.text.Entity;
import org.companyner.text.Range;

/**
 * A weak vote from the brand / short-name list ({@code gazetteers/companynameparser_brand.txt},
 * 284,836 entries, "VERY noisy ... never as a hard matcher" per its README.txt): leftmost-longest
 * matches of at least two characters, kept only when a company-context cue stands next to them.
 *
 * <p>Cue rule (ours, fixed before measuring): a cue word from {@link #CUES_AFTER} starts within
 * {@link #WINDOW} code points after the match (华为发布, 苹果公司, 京东的股价 ← 的 counts in the window),
 * or one from {@link #CUES_BEFORE} ends within {@link #WINDOW} code points before it (科技巨头苹果).
 * Without a cue the source abstains, so 买了一斤苹果 never yields a span.
 *
 * <p>Confidence: {@link #CONFIDENCE}, a low constant: even with a cue this is a vote to combine with
 * other sources, never a label on its own.
 */
public final class BrandSource implements LabellingSource {
    public static final double CONFIDENCE = 0.2;
    /** Code points between a match and its cue. */
    public static final int WINDOW = 2;
    public static final List<String> CUES_AFTER = List.of("公司", "集团", "股份", "控股", "科技", "旗下", "董事长",
            "总裁", "ceo", "创始人", "财报", "股价", "市值", "营收", "净利", "上市", "发布", "宣布", "推出", "收购");
    public static final List<String> CUES_BEFORE = List.of("公司", "企业", "品牌", "巨头", "厂商", "龙头", "旗下",
            "收购", "入股", "投资");

    private final NameMatcher brands;
    private final NameMatcher after = new NameMatcher(CUES_AFTER, 1);
    private final List<String> before = CUES_BEFORE;

    public BrandSource(Collection<String> brands) {
        this.brands = new NameMatcher(brands, 2);
    }

    @Override
    public String name() {
        return "brand";
    }

    @Override
    public List<List<Entity>> label(List<String> texts) {
        List<List<Entity>> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            int[] norm = Texts.normalised(text);
            List<Range> kept = new ArrayList<>();
            for (Range r : brands.matches(norm)) {
                if (cueAfter(norm, r.end()) || cueBefore(norm, r.start())) {
                    kept.add(r);
                }
            }
            out.add(Texts.entities(text, kept, CONFIDENCE));
        }
        return out;
    }

    private boolean cueAfter(int[] norm, int end) {
        for (int s = end; s <= Math.min(norm.length - 1, end + WINDOW); s++) {
            if (after.longestAt(norm, s) > 0) {
                return true;
            }
        }
        return false;
    }

    private boolean cueBefore(int[] norm, int start) {
        for (String cue : before) {
            int[] c = cue.codePoints().toArray();
            for (int e = start; e >= Math.max(c.length, start - WINDOW); e--) {
                if (java.util.Arrays.equals(norm, e - c.length, e, c, 0, c.length)) {
                    return true;
                }
            }
        }
        return false;
    }
}
