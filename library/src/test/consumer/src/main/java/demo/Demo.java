package demo;

import org.companyner.library.CompanyMention;
import org.companyner.library.CompanyRecognizer;

public class Demo {
    public static void main(String[] args) {
        try (CompanyRecognizer r = CompanyRecognizer.load()) {
            for (CompanyMention m : r.recognize("贵州茅台酒股份有限公司（以下简称“茅台”）今日公告，茅台营收增长。")) {
                System.out.println(m.start() + " " + m.end() + " " + m.text() + " " + (m.link() == null ? "-" : m.link().code()));
            }
        }
    }
}
