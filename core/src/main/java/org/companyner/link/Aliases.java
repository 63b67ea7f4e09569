package org.companyner.link;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alias generation and the alias → records index with a specificity score per (alias, record).
 *
 * <p>Specificity of alias {@code a} for record {@code r} (its {@link Kind} weight {@code w}):
 * {@code w × length(a) × w / (w + Σ w'·d)}, the sum over the other records sharing {@code a}, with
 * {@code d = 1} where the other record's alias is of the same tier (both given by the data: registered,
 * former or short names; or both derived) and {@code d = 0.2} where a given name competes with a
 * derived one (平安银行's short name beats another record's derived 平安银行). {@code length} is 0.85
 * for two characters, 0.95 for three, 1 above. So 平安, derived from both 中国平安 and 平安银行, scores
 * 0.8 × 0.85 × 0.5 = 0.34 (below {@link Linker#THRESHOLD}: not linked), while 中国平安, a short name of
 * one record, scores 0.95. A listed company's stock short name also discounts an unlisted company's brand of the
 * same spelling by 0.2 (stock short names are unique among listed companies; a start-up's brand is not). A derived alias that begins the given names of three or more records (华润:
 * 华润三九, 华润双鹤, 华润微…) counts each of them as a rival too: it names a group, not one company.
 */
public final class Aliases {
    /** How an alias was made; the weight is the prior that a mention of the alias means the record. */
    public enum Kind {
        /** The registered name. */
        REGISTERED(1.0, true),
        /** A stock short name or brand name given by the data. */
        SHORT(0.95, true),
        /** A former registered or short name given by the data. */
        FORMER(0.9, true),
        /** The registered name without region prefix and legal suffix (北京百度网讯科技有限公司 → 百度网讯科技). */
        CORE(0.9, false),
        /** A brand form: the core without a trailing industry word, or a short name without region prefix. */
        BRAND(0.8, false);

        final double weight;
        final boolean given;

        Kind(double weight, boolean given) {
            this.weight = weight;
            this.given = given;
        }
    }

    /** Province-level regions and large cities that registered names start with (longest forms first when matched). */
    static final List<String> REGIONS = sortedLongestFirst(List.of(
            "中国", "中华", "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
            "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
            "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "深圳", "广州", "杭州",
            "南京", "苏州", "无锡", "常州", "宁波", "温州", "绍兴", "嘉兴", "湖州", "台州", "金华", "厦门", "福州",
            "泉州", "青岛", "济南", "烟台", "潍坊", "淄博", "武汉", "长沙", "成都", "西安", "郑州", "合肥", "南昌",
            "昆明", "贵阳", "南宁", "海口", "珠海", "佛山", "东莞", "中山", "汕头", "惠州", "大连", "沈阳", "长春",
            "哈尔滨", "石家庄", "太原", "呼和浩特", "兰州", "银川", "西宁", "乌鲁木齐", "拉萨", "唐山", "徐州",
            "南通", "扬州", "镇江", "盐城", "芜湖", "洛阳", "宜昌", "襄阳", "株洲", "湘潭", "绵阳", "柳州", "桂林"));
    /** Suffixes a region carries in registered names. */
    private static final List<String> REGION_SUFFIXES = List.of("省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区");
    /** Industry words that end the core of registered names; removing one gives a brand form (百度网讯科技 → 百度网讯). */
    static final List<String> INDUSTRY = sortedLongestFirst(List.of(
            "科技", "技术", "信息", "网络", "网络技术", "信息技术", "电子", "实业", "投资", "发展", "银行", "证券", "保险",
            "信托", "基金", "期货", "医药", "药业", "制药", "生物", "能源", "电力", "电气", "化工", "材料", "新材料",
            "环保", "建设", "地产", "置业", "房地产", "传媒", "文化", "教育", "食品", "酒业", "汽车", "机械", "装备",
            "重工", "钢铁", "矿业", "物流", "航空", "贸易", "商贸", "电器", "通信", "软件", "智能", "数据", "互联网",
            "管理", "咨询", "服务", "工业", "农业", "医疗", "健康", "光电", "半导体", "精密", "新能源", "资本", "金融",
            "资产", "国际", "企业", "产业", "股份", "控股", "集团", "网讯", "传播", "电子商务", "数字", "云计算",
            "人寿", "财险", "航运", "海运", "港口", "铁路", "高速", "交通", "旅游", "酒店", "百货", "零售", "乳业",
            "酒", "酒厂"));
    /** Aliases that are words, not names: never generated (a mention 银行 links to no bank). */
    static final Set<String> GENERIC = Set.of(
            "公司", "集团", "控股", "股份", "银行", "证券", "保险", "信托", "基金", "科技", "中国", "中华", "国际",
            "实业", "投资", "发展", "本公司", "上市公司", "发行人", "本集团", "本行", "该公司", "标的公司", "目标公司",
            "甲方", "乙方", "丙方", "合资公司", "子公司", "母公司", "管理人", "托管人");

    private final Map<String, List<Entry>> index;

    private Aliases(Map<String, List<Entry>> index) {
        this.index = index;
    }

    /** The index of every alias of {@code companies} (their {@link Company#aliases}). */
    public static Aliases index(List<Company> companies) {
        Map<String, List<Entry>> raw = new HashMap<>();
        for (int i = 0; i < companies.size(); i++) {
            Company c = companies.get(i);
            Map<String, Kind> best = new HashMap<>();
            for (Company.Alias a : c.aliases()) {
                best.merge(a.key(), a.kind(), (x, y) -> x.weight >= y.weight ? x : y);
            }
            for (Map.Entry<String, Kind> e : best.entrySet()) {
                raw.computeIfAbsent(e.getKey(), k -> new ArrayList<>(1)).add(new Entry(c, e.getValue(), 0));
            }
        }
        // how many records have a given name starting with each 2- and 3-character prefix: a short derived
        // alias that begins many names (华润 of 华润三九, 华润双鹤, 华润微…) names a group, not one record
        Map<String, Set<Company>> byPrefix = new HashMap<>();
        for (Company c : companies) {
            for (Company.Alias a : c.aliases()) {
                if (a.kind().given) {
                    for (int n = 2; n <= 3 && n < a.key().length(); n++) {
                        byPrefix.computeIfAbsent(a.key().substring(0, n), k -> new java.util.HashSet<>()).add(c);
                    }
                }
            }
        }
        Map<String, List<Entry>> scored = new HashMap<>(raw.size() * 2);
        for (Map.Entry<String, List<Entry>> e : raw.entrySet()) {
            int prefixed = byPrefix.getOrDefault(e.getKey(), Set.of()).size();
            scored.put(e.getKey(), score(e.getKey(), e.getValue(), prefixed));
        }
        return new Aliases(scored);
    }

    /** The records {@code key} (a {@link Names#key}) names, best first, each with its specificity; empty if none. */
    public List<Entry> lookup(String key) {
        return index.getOrDefault(key, List.of());
    }

    /** Number of distinct aliases. */
    public int size() {
        return index.size();
    }

    private static List<Entry> score(String key, List<Entry> entries, int prefixed) {
        int n = key.codePointCount(0, key.length());
        double length = n <= 2 ? 0.85 : n == 3 ? 0.95 : 1.0;
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            double w = e.kind.weight;
            double others = 0;
            for (Entry o : entries) {
                if (o != e) {
                    others += o.kind.weight * (e.kind.given && !o.kind.given ? 0.2 : 1.0)
                            // a stock short name is unique among listed companies; an unlisted start-up's brand of the same spelling rarely is what news means
                            * (e.kind == Kind.SHORT && e.company.listed() && o.kind.given && !o.company.listed() ? 0.2 : 1.0);
                }
            }
            // a derived alias that begins the given names of three or more records counts them as rivals
            double prefixRivals = e.kind.given || prefixed < 3 ? 0 : (prefixed - 1) * Kind.BRAND.weight;
            out.add(new Entry(e.company, e.kind, w * length * w / (w + others + prefixRivals)));
        }
        // best first; ties: listed before unlisted, then by id (stable)
        out.sort((a, b) -> a.specificity != b.specificity ? Double.compare(b.specificity, a.specificity)
                : a.company.listed() != b.company.listed() ? (a.company.listed() ? -1 : 1)
                : a.company.id().compareTo(b.company.id()));
        return List.copyOf(out);
    }

    /**
     * The aliases of a record with registered name {@code name}, {@code shortNames} and {@code otherNames}
     * (display forms), each as a {@link Names#key} with its kind, most specific kind first, without
     * duplicates or {@link #GENERIC} words or single characters.
     */
    public static List<Company.Alias> generate(String name, List<String> shortNames, List<String> otherNames) {
        return generate(name, shortNames, otherNames, true);
    }

    /**
     * As {@link #generate(String, List, List)}; derived aliases of two characters only when {@code listed}
     * (an unlisted start-up's derived 2-character brand is too often a word: 规划设计研究院 → 规划).
     */
    public static List<Company.Alias> generate(String name, List<String> shortNames, List<String> otherNames, boolean listed) {
        Map<String, Kind> out = new LinkedHashMap<>();
        add(out, Names.key(name), Kind.REGISTERED);
        for (String s : shortNames) {
            String k = Names.key(s);
            add(out, k, Kind.SHORT);
            String v = shortVariant(k);
            add(out, v, Kind.SHORT);
        }
        for (String s : otherNames) {
            String k = Names.key(s);
            add(out, k, Kind.FORMER);
            add(out, shortVariant(k), Kind.FORMER);
        }
        String withRegion = Names.stripLegalSuffix(Names.key(name));
        add(out, withRegion, Kind.CORE); // 中国银行股份有限公司 → 中国银行
        String core = stripRegion(withRegion);
        add(out, core, Kind.CORE);
        add(out, stripIndustry(core), Kind.BRAND);
        add(out, stripIndustry(stripIndustry(core)), Kind.BRAND); // 亚辉龙生物科技 → 亚辉龙
        for (String s : concat(shortNames, otherNames)) {
            String k = shortVariant(Names.key(s));
            String noRegion = stripRegion(k);
            add(out, noRegion, Kind.BRAND);
            add(out, stripIndustry(noRegion), Kind.BRAND);
        }
        List<Company.Alias> list = new ArrayList<>();
        out.forEach((k, v) -> {
            if (listed || v.given || k.codePointCount(0, k.length()) > 2) {
                list.add(new Company.Alias(k, v));
            }
        });
        return list;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void add(Map<String, Kind> out, String key, Kind kind) {
        if (key.codePointCount(0, key.length()) < 2 || GENERIC.contains(key) || INDUSTRY.contains(key) || REGIONS.contains(key)) {
            return;
        }
        out.putIfAbsent(key, kind);
    }

    /** A stock short name without share-class letter and special-treatment marks: *st万科a → 万科. */
    static String shortVariant(String key) {
        String k = key;
        for (String p : List.of("s*st", "*st", "st", "xd", "xr", "dr")) {
            if (k.startsWith(p) && k.length() > p.length() + 1 && han(k.codePointAt(p.length()))) {
                k = k.substring(p.length());
                break;
            }
        }
        for (String star : List.of("-uw", "-u", "-w")) { // STAR-market marks: 前沿生物-U
            if (k.endsWith(star) && k.length() > star.length() + 1) {
                k = k.substring(0, k.length() - star.length());
                break;
            }
        }
        if (k.length() > 2 && (k.endsWith("a") || k.endsWith("b")) && han(k.codePointBefore(k.length() - 1))) {
            k = k.substring(0, k.length() - 1);
        }
        return k;
    }

    private static boolean han(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }

    /** {@code key} without a leading region (and its 省/市/自治区), if at least two characters remain. */
    static String stripRegion(String key) {
        for (String r : REGIONS) {
            if (key.startsWith(r)) {
                String rest = key.substring(r.length());
                for (String s : REGION_SUFFIXES) {
                    if (rest.startsWith(s)) {
                        rest = rest.substring(s.length());
                        break;
                    }
                }
                return rest.codePointCount(0, rest.length()) >= 2 && !GENERIC.contains(rest) && !INDUSTRY.contains(rest) ? rest : key;
            }
        }
        return key;
    }

    /** {@code key} without one trailing industry word, if at least two characters remain. */
    static String stripIndustry(String key) {
        for (String w : INDUSTRY) {
            if (key.endsWith(w)) {
                String rest = key.substring(0, key.length() - w.length());
                return rest.codePointCount(0, rest.length()) >= 2 ? rest : key;
            }
        }
        return key;
    }

    private static List<String> sortedLongestFirst(List<String> words) {
        List<String> l = new ArrayList<>(words);
        l.sort((a, b) -> b.length() - a.length());
        return List.copyOf(l);
    }

    /**
     * One record an alias names.
     *
     * @param company     the record
     * @param kind        how the alias was made for it
     * @param specificity the score a link through this alias gets
     */
    public record Entry(Company company, Kind kind, double specificity) {
    }
}
