package org.companyner.generalnews;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.companyner.UserError;

/**
 * Decides whether an ORG mention of general news names a company, from the name alone: the rule of
 * {@code data/general-news/RULE.md}, steps 2 to 7 (step 1, the hand overrides, is applied by the
 * builder). Deterministic: the same name and gazetteers give the same decision.
 */
public final class CompanyRule {
    /** Names that end a non-company bank or fund: central banks and multilateral lenders (RULE.md). */
    static final List<String> NON_COMPANY_NAMES = List.of(
            "中央银行", "央行", "人民银行", "日本银行", "英格兰银行", "法兰西银行", "联邦银行", "瑞士国家银行",
            "储备银行", "联邦储备", "美联储", "世界银行", "开发银行", "发展银行", "清算银行", "发展银行集团",
            "环境基金", "发展基金", "信托基金");

    /** Heads (name endings) of companies. */
    static final List<String> COMPANY_HEADS = List.of(
            "公司", "集团", "企业", "实业", "控股", "股份", "银行", "总行", "分行", "支行", "营业所", "营业部", "经营部",
            "证券", "保险", "财险", "寿险", "信托", "基金", "厂", "矿", "油田", "电站", "酒店", "饭店", "宾馆", "旅馆",
            "酒家", "酒楼", "酒吧", "大厦", "商场", "商店", "超市", "百货", "旅行社", "服务社", "合作社", "联合社",
            "事务所", "乐园", "电信", "通讯", "电子", "电器", "玻璃", "物业", "精机", "汽车", "药业", "快递", "制铁",
            "钢", "航空", "传媒", "影业", "有限", "商行");

    /** Heads of everything else: government, parties, armies, schools, media outlets, teams, associations. */
    static final List<String> OTHER_HEADS = List.of(
            // government, legislature, courts, police
            "部", "局", "厅", "署", "委", "办", "司", "省", "处", "室", "内阁", "政府", "议会", "国会", "杜马",
            "院", "法庭", "庭", "监狱", "所", "站", "宫", "大楼", "使馆", "海关", "人大", "政协", "大会", "会议",
            "关", "警", "中央", "委会", "常委",
            // parties, armies, groups of people
            "党", "军", "军区", "师", "旅", "团", "队", "连", "组", "班", "帮", "舰队", "编队", "潜艇", "号", "飞船",
            "支部", "总支", "阵线", "运动", "机构",
            // associations and international bodies
            "会", "协", "联", "盟", "联盟", "组织", "共同体", "体", "国集团", "市场", "论坛", "中心", "国际",
            // education, research, culture, health
            "大学", "学院", "学校", "校", "中学", "小学", "附中", "附小", "分校", "大", "系", "研究", "书院",
            "馆", "剧场", "剧院", "饲养场", "外科",
            // media outlets
            "社", "报", "杂志", "周刊", "季刊", "台", "之音", "电视网", "托拉斯",
            // sports
            "俱乐部", "排", "篮", "女队", "男队",
            // exchanges (交易所 also ends in 所; listed for clarity) and places named as ORG
            "交易所", "国宾馆");

    /** Short forms of non-companies that the noisy brand list contains (RULE.md step 5). */
    static final Set<String> NON_COMPANY_SHORT_FORMS = Set.of(
            "北大", "清华", "北航", "民航", "中共", "人大", "八路", "东盟", "鲁美", "鲁艺", "国安", "前卫", "爵士",
            "公牛", "吉尼斯", "剑桥", "牛津", "哈佛", "黄埔", "罗素", "共产国际", "法塔赫", "圣战者");

    /** A company head with no name before it (公司 for "the company"): not a name, so not a mention to find. */
    static final Set<String> GENERIC = Set.of("公司", "总公司", "分公司", "集团", "集团公司", "集团总公司", "企业", "银行", "厂");

    private final Evidence evidence;

    public CompanyRule(Evidence evidence) {
        this.evidence = evidence;
    }

    /** What the rule decided and which step decided it. */
    public record Decision(boolean company, String reason) {
    }

    /** The decision for the ORG mention {@code name} (full-width ASCII and case are folded first). */
    public Decision decide(String name) {
        String n = fold(name);
        if (GENERIC.contains(n)) {
            return new Decision(false, "generic noun, no name");
        }
        for (String s : NON_COMPANY_NAMES) {
            if (n.endsWith(s)) {
                return new Decision(false, "non-company bank or fund " + s);
            }
        }
        if (evidence.listed(n)) {
            return new Decision(true, "listed or company record");
        }
        String company = longestSuffix(n, COMPANY_HEADS);
        String other = longestSuffix(n, OTHER_HEADS);
        if (company != null || other != null) {
            boolean isCompany = company != null && (other == null || company.length() > other.length());
            return new Decision(isCompany, "head " + (isCompany ? company : other));
        }
        if (!NON_COMPANY_SHORT_FORMS.contains(n) && evidence.vouchedTwice(n)) {
            return new Decision(true, "brand and organisation lists");
        }
        return new Decision(false, "no company evidence");
    }

    /** Whether {@code name} ends with a company head: a legal or trade suffix such as 公司, 银行, 厂. */
    public static boolean hasCompanyHead(String name) {
        return longestSuffix(fold(name), COMPANY_HEADS) != null;
    }

    static String longestSuffix(String name, List<String> heads) {
        String best = null;
        for (String h : heads) {
            if (name.endsWith(h) && (best == null || h.length() > best.length())) {
                best = h;
            }
        }
        return best;
    }

    /** Full-width ASCII to half-width, then lower case: ａｂｂ and ABB are one name. */
    static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c));
        return b.toString().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The gazetteer evidence the rule uses: provenance tags of {@code company_names_union.tsv}, the brand
     * word list and the HanLP organisation dictionary (all under {@code ../shared/data/gazetteers}).
     *
     * @param tags   name → its provenance tags in the union list
     * @param brands brand words
     * @param orgs   HanLP organisation names
     */
    public record Evidence(Map<String, Set<String>> tags, Set<String> brands, Set<String> orgs) {
        private static final Set<String> LISTED = Set.of("listed_full", "listed_short", "smoothnlp_full", "smoothnlp_short");

        public Evidence {
            tags = Map.copyOf(tags);
            brands = Set.copyOf(brands);
            orgs = Set.copyOf(orgs);
        }

        boolean listed(String name) {
            return tags.getOrDefault(name, Set.of()).stream().anyMatch(LISTED::contains);
        }

        boolean vouchedTwice(String name) {
            return brands.contains(name) && (tags.containsKey(name) || orgs.contains(name));
        }

        /**
         * Loads the three lists from {@code gazetteers}.
         *
         * @throws UserError if a file is missing or unreadable
         */
        public static Evidence load(Path gazetteers) {
            Map<String, Set<String>> tags = new HashMap<>();
            Set<String> brands = new HashSet<>();
            Set<String> orgs = new HashSet<>();
            readLines(gazetteers.resolve("company_names_union.tsv"), line -> {
                int tab = line.indexOf('\t');
                if (tab > 0 && !line.startsWith("name\t")) {
                    tags.put(fold(line.substring(0, tab)), Set.of(line.substring(tab + 1).split(",")));
                }
            });
            readLines(gazetteers.resolve("companynameparser_brand.txt"), line -> brands.add(fold(line.strip())));
            readLines(gazetteers.resolve("hanlp_org_dict.txt"), line -> {
                String[] parts = line.strip().split("\\s+");
                if (!parts[0].isEmpty()) {
                    orgs.add(fold(parts[0]));
                }
            });
            return new Evidence(tags, brands, orgs);
        }

        private static void readLines(Path file, java.util.function.Consumer<String> sink) {
            if (!Files.isRegularFile(file)) {
                throw new UserError("no such file: " + file + " (the gazetteers of ../shared/data)");
            }
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
