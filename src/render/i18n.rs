//! Interface words in Vietnamese and English. Templates read them as `t.key`.

use std::collections::BTreeMap;

use crate::diag::Lang;

const STRINGS: &[(&str, &str, &str)] = &[
    ("home", "Trang chủ", "Home"),
    ("units", "Địa phương", "Places"),
    ("stories", "Câu chuyện", "Stories"),
    ("story", "Câu chuyện", "Story"),
    ("models", "Mô hình giảm nghèo", "Poverty-reduction models"),
    ("model", "Mô hình", "Model"),
    ("tags", "Chủ đề", "Tags"),
    ("kinds", "Loại câu chuyện", "Kinds of story"),
    ("kind", "Loại", "Kind"),
    ("years", "Năm", "Years"),
    ("year", "Năm", "Year"),
    ("awards", "Khen thưởng", "Commendations"),
    ("award_registry", "Sổ khen thưởng", "Commendation registry"),
    ("plans", "Kế hoạch", "Plans"),
    ("plan", "Kế hoạch", "Plan"),
    ("data", "Dữ liệu mở", "Open data"),
    ("search", "Tìm kiếm", "Search"),
    ("menu", "Danh mục", "Menu"),
    ("skip", "Bỏ qua, đến nội dung chính", "Skip to main content"),
    ("breadcrumb", "Đường dẫn", "Breadcrumb"),
    ("published_by", "Đơn vị thực hiện", "Published by"),
    ("latest_figures", "Số liệu mới nhất", "Latest figures"),
    ("figures", "Số liệu theo năm", "Figures by year"),
    ("households", "Tổng số hộ", "Households"),
    ("poor", "Hộ nghèo", "Poor households"),
    ("near_poor", "Hộ cận nghèo", "Near-poor households"),
    ("poor_rate", "Tỷ lệ hộ nghèo", "Poor-household rate"),
    ("near_poor_rate", "Tỷ lệ hộ cận nghèo", "Near-poor rate"),
    ("em_poor_rate", "Tỷ lệ nghèo đồng bào DTTS", "Ethnic-minority poor rate"),
    ("escaped", "Hộ thoát nghèo", "Left poverty"),
    ("fell_back", "Hộ tái nghèo", "Fell back"),
    ("standard", "Chuẩn nghèo", "Poverty standard"),
    ("source", "Nguồn", "Source"),
    ("illustrative", "Số liệu minh họa", "Illustrative figures"),
    ("illustrative_note", "Số liệu minh họa (*), không phải số liệu chính thức: dùng để giới thiệu cách trang hoạt động.", "Illustrative figures (*), not official statistics: they show how the site works."),
    ("no_figures", "Chưa có số liệu cho đơn vị này.", "No figures for this unit yet."),
    ("child_units", "Đơn vị trực thuộc", "Units within"),
    ("unit_name", "Đơn vị", "Unit"),
    ("latest_rate", "Tỷ lệ nghèo mới nhất", "Latest poor rate"),
    ("trend", "Xu hướng tỷ lệ hộ nghèo", "Poor-household rate over time"),
    ("targets", "Mục tiêu và tiến độ", "Targets and progress"),
    ("targets_count", "mục tiêu", "targets"),
    ("target", "Mục tiêu", "Target"),
    ("status", "Tình trạng", "Status"),
    ("no_stories", "Chưa có câu chuyện nào.", "No stories yet."),
    ("no_awards", "Chưa có khen thưởng nào.", "No commendations yet."),
    ("newest_stories", "Câu chuyện mới", "Newest stories"),
    ("newest_awards", "Khen thưởng mới", "Newest commendations"),
    ("all_stories", "Tất cả câu chuyện", "All stories"),
    ("all_awards", "Toàn bộ sổ khen thưởng", "The whole registry"),
    ("all_plans", "Tất cả kế hoạch", "All plans"),
    ("all_awards_of_unit", "Tất cả khen thưởng ở địa phương", "All commendations of this place"),
    ("read_more", "Đọc tiếp", "Read more"),
    ("recipient", "Người/đơn vị được khen", "Recipient"),
    ("form", "Hình thức", "Form"),
    ("occasion", "Đợt", "Occasion"),
    ("occasions", "Đợt khen thưởng", "Occasions"),
    ("forms", "Hình thức khen thưởng", "Forms of commendation"),
    ("decision", "Quyết định", "Decision"),
    ("citation", "Thành tích", "Citation"),
    ("by_year", "Theo năm", "By year"),
    ("by_occasion", "Theo đợt", "By occasion"),
    ("by_form", "Theo hình thức", "By form"),
    ("by_unit", "Theo địa phương", "By place"),
    ("number", "Số hiệu", "Number"),
    ("issuer", "Cơ quan ban hành", "Issued by"),
    ("issued", "Ngày ban hành", "Date issued"),
    ("period", "Giai đoạn", "Period"),
    ("baseline_year", "Năm gốc (đầu kỳ)", "Baseline year"),
    ("parent_plan", "Thực hiện kế hoạch", "Implements"),
    ("child_plans", "Kế hoạch thực hiện", "Implemented by"),
    ("milestones", "Các mốc", "Milestones"),
    ("quotas", "Hạn mức đề nghị khen thưởng", "Nomination quotas"),
    ("nominated", "Đã đề nghị", "Nominated"),
    ("cap", "Hạn mức", "Cap"),
    ("full_text", "Toàn văn kế hoạch", "Full text of the plan"),
    ("applies_to", "Áp dụng cho", "Applies to"),
    ("author", "Tác giả", "Author"),
    ("updated", "Cập nhật", "Updated"),
    ("ethnic_group", "Dân tộc", "Ethnic group"),
    ("related", "Câu chuyện liên quan", "Related stories"),
    ("story_awards", "Khen thưởng gắn với câu chuyện", "Commendations for this story"),
    ("previous", "Trang trước", "Previous page"),
    ("next", "Trang sau", "Next page"),
    ("page_n", "Trang", "Page"),
    ("pagination", "Phân trang", "Pagination"),
    ("not_found", "Không tìm thấy trang", "Page not found"),
    ("not_found_text", "Trang bạn tìm không có hoặc đã chuyển đi. Hãy về trang chủ hoặc tìm theo địa phương.", "The page you are looking for does not exist or has moved. Go to the home page or browse by place."),
    ("feed", "Nguồn tin Atom", "Atom feed"),
    ("all_units", "Tất cả địa phương", "All places"),
    ("on_this_page", "Trên trang này", "On this page"),
    ("chart_placeholder", "Biểu đồ", "Chart"),
    ("stories_of_unit", "Câu chuyện ở địa phương", "Stories from this place"),
    ("all_stories_of_unit", "Tất cả câu chuyện ở địa phương", "All stories from this place"),
    ("awards_of_unit", "Khen thưởng ở địa phương", "Commendations in this place"),
    ("plans_of_unit", "Kế hoạch của địa phương", "Plans for this place"),
    ("campaign", "Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau”", "The “For the poor – Leave no one behind” campaign"),
    ("count_stories", "câu chuyện", "stories"),
    ("count_awards", "khen thưởng", "commendations"),
    ("terms", "Danh sách", "All terms"),
    ("date", "Ngày", "Date"),
    ("households_unit", "hộ", "households"),
    ("points_per_year", "điểm %/năm", "points a year"),
    ("level_province", "Tỉnh", "Province"),
    ("level_district", "Huyện", "District"),
    ("level_commune", "Xã", "Commune"),
    ("level_hamlet", "Thôn, ấp, bản", "Hamlet"),
    ("self", "Chính địa phương ban hành", "The plan's own area"),
    ("licence", "Giấy phép", "Licence"),
    ("made_with", "Trang được tạo bằng lnob", "Made with lnob"),
    ("download", "Tải về", "Download"),
    ("chart_numbers", "Số liệu của biểu đồ", "The numbers in the chart"),
    ("how_computed", "Cách tính tình trạng", "How the status is computed"),
    ("status_by_unit", "Tình trạng theo từng đơn vị", "Status for each unit"),
    ("sorted_by_status", "Xếp theo tình trạng: chậm trước", "Sorted by status, behind first"),
    ("explanation", "Giải thích", "Explanation"),
    ("search_label", "Từ khóa", "Words to find"),
    ("search_hint", "Gõ có dấu hoặc không dấu, ví dụ: nguyen binh, bo sinh san.", "With or without diacritics, e.g. nguyen binh, bo sinh san."),
    ("search_filters", "Lọc kết quả", "Narrow the results"),
    ("search_type", "Loại kết quả", "Show"),
    ("search_kind", "Đối tượng", "Kind"),
    ("search_all", "Tất cả", "All"),
    ("search_type_unit", "Địa phương", "Place"),
    ("search_type_award", "Khen thưởng", "Commendation"),
    ("search_results", "Tìm thấy {n} kết quả", "{n} results"),
    ("search_none", "Không tìm thấy kết quả nào. Hãy thử từ khác hoặc bỏ bớt bộ lọc.", "Nothing found. Try other words or fewer filters."),
    ("search_loading", "Đang tìm…", "Searching…"),
    ("search_failed", "Không tải được chỉ mục tìm kiếm. Hãy tải lại trang.", "The search index could not be loaded. Please reload the page."),
    ("search_prompt", "Nhập từ khóa hoặc chọn bộ lọc để tìm câu chuyện, địa phương, kế hoạch và khen thưởng.", "Type some words or choose a filter to find stories, places, plans and commendations."),
    ("search_more", "Xem thêm kết quả", "More results"),
    ("search_needs_js", "Trang tìm kiếm cần JavaScript để chạy ngay trên máy của bạn, nhưng trình duyệt đang tắt JavaScript. Mọi trang khác vẫn đọc được bình thường; bạn có thể tìm theo các danh sách sau:", "Search runs in your browser and needs JavaScript, which is turned off. Every other page works without it; you can browse these lists instead:"),
    ("share", "Chia sẻ", "Share"),
    ("permalink", "Liên kết đến trang này", "Link to this page"),
    ("copy_link", "Sao chép liên kết", "Copy link"),
    ("link_copied", "Đã sao chép liên kết.", "Link copied."),
    ("copy_failed", "Không sao chép được; hãy sao chép liên kết bằng tay.", "Could not copy; please copy the link by hand."),
    ("licence_cite", "Giấy phép và cách trích dẫn", "Licence and how to cite"),
    ("cite_short", "Trích dẫn ngắn", "Short citation"),
    ("cite_full", "Trích dẫn đầy đủ", "Full citation"),
    ("share_print", "Nhúng, in và tải về", "Embed, print and download"),
    ("annual_reports", "Báo cáo năm (bản in A4)", "Annual reports (A4, printable)"),
    ("embed_chart", "Nhúng biểu đồ vào trang khác", "Embed this chart in another site"),
    ("embed_help", "Chép đoạn mã dưới đây vào trang của cổng thông tin điện tử. Khung nhúng không tải gì từ nơi khác.", "Copy the code below into a page of your e-portal. The embedded frame loads nothing from elsewhere."),
    ("embed_preview", "Xem khung nhúng", "Preview the embed"),
    ("embed_label", "Mã nhúng (iframe)", "Embed code (iframe)"),
    ("open_data", "Dữ liệu mở", "Open data"),
    ("full_page", "Xem đầy đủ", "Full page"),
];

/// The string table for a language, as a map for templates.
pub fn table(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(k, vi, en)| (*k, lang.pick(vi, en)))
        .collect()
}

pub fn get(lang: Lang, key: &str) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, vi, en)| lang.pick(vi, en))
        .unwrap_or("")
}

/// Story kinds: label and URL slug.
pub fn story_kind(lang: Lang, k: crate::model::StoryKind) -> (&'static str, &'static str) {
    use crate::model::StoryKind::*;
    match (lang, k) {
        (Lang::Vi, Household) => ("Hộ gia đình", "ho-gia-dinh"),
        (Lang::Vi, Individual) => ("Cá nhân", "ca-nhan"),
        (Lang::Vi, Collective) => ("Tập thể", "tap-the"),
        (Lang::Vi, Model) => ("Mô hình", "mo-hinh"),
        (Lang::En, Household) => ("Household", "household"),
        (Lang::En, Individual) => ("Individual", "individual"),
        (Lang::En, Collective) => ("Collective", "collective"),
        (Lang::En, Model) => ("Model", "model"),
    }
}

pub fn recipient_kind(lang: Lang, k: &str) -> String {
    let (vi, en) = match k {
        "household" => ("Hộ gia đình", "Household"),
        "individual" => ("Cá nhân", "Individual"),
        "collective" => ("Tập thể", "Collective"),
        "commune" => ("Xã, phường", "Commune"),
        "hamlet" => ("Thôn, ấp, bản", "Hamlet"),
        "enterprise" => ("Doanh nghiệp", "Enterprise"),
        "agency" => ("Cơ quan", "Agency"),
        other => (other, other),
    };
    lang.pick(vi, en).to_string()
}

pub fn metric(lang: Lang, m: crate::model::Metric) -> &'static str {
    use crate::model::Metric::*;
    let (vi, en) = match m {
        PoorRate => ("Tỷ lệ hộ nghèo", "Poor-household rate"),
        NearPoorRate => ("Tỷ lệ hộ cận nghèo", "Near-poor rate"),
        PoorAndNearPoorRate => ("Tỷ lệ hộ nghèo và cận nghèo", "Poor and near-poor rate"),
        EthnicMinorityPoorRate => (
            "Tỷ lệ hộ nghèo đồng bào dân tộc thiểu số",
            "Ethnic-minority poor rate",
        ),
        PoorHouseholds => ("Số hộ nghèo", "Poor households"),
        PoorAndNearPoorHouseholds => ("Số hộ nghèo và cận nghèo", "Poor and near-poor households"),
        ExtremelyDifficultUnits => (
            "Đơn vị thoát khỏi diện đặc biệt khó khăn",
            "Units leaving extremely difficult status",
        ),
        FellBackShare => ("Tỷ lệ tái nghèo", "Share falling back into poverty"),
    };
    lang.pick(vi, en)
}

pub fn level(lang: Lang, l: crate::model::Level) -> &'static str {
    get(lang, &format!("level_{}", l.as_str()))
}

/// "14 đơn vị cấp xã" / "14 commune-level units": how many units of one level are below a
/// unit (a city's are wards, a district's communes and towns: the level names them all).
pub fn count_of_level(lang: Lang, n: usize, l: crate::model::Level) -> String {
    let level = level(lang, l).to_lowercase();
    let n = crate::format::int(lang, n as i64);
    match lang {
        Lang::Vi => format!("{n} đơn vị cấp {level}"),
        Lang::En => format!("{n} {level}-level units"),
    }
}

/// The note above a list of places cut at level `l` (see `render::units_index_cut`); the page
/// adds a link to search after it.
pub fn units_index_cut(lang: Lang, shown: usize, total: usize, l: crate::model::Level) -> String {
    let level = level(lang, l).to_lowercase();
    match lang {
        Lang::Vi => format!(
            "Danh sách này có {} trong {} đơn vị, đến cấp {level}. Các đơn vị cấp dưới có trên trang của đơn vị cấp trên và trong trang",
            crate::format::int(lang, shown as i64),
            crate::format::int(lang, total as i64)
        ),
        Lang::En => format!(
            "This list shows {} of {} units, down to {level} level. The units below are on the page of the unit above them and on the page",
            crate::format::int(lang, shown as i64),
            crate::format::int(lang, total as i64)
        ),
    }
}

/// "12 kế hoạch thực hiện" / "carried out by 12 plans", beside a plan on the plans page.
pub fn child_plan_count(lang: Lang, n: usize) -> String {
    let n = crate::format::int(lang, n as i64);
    match lang {
        Lang::Vi => format!("{n} kế hoạch thực hiện"),
        Lang::En => format!("carried out by {n} plans"),
    }
}

/// The note above a plans page that lists only the plans without a parent plan (see
/// `render::PLANS_INDEX_MAX`); the page adds a link to search after it.
pub fn plans_index_cut(lang: Lang, shown: usize, total: usize) -> String {
    let (shown, total) = (
        crate::format::int(lang, shown as i64),
        crate::format::int(lang, total as i64),
    );
    match lang {
        Lang::Vi => format!(
            "Danh sách này có {shown} trong {total} kế hoạch: những kế hoạch không thực hiện một kế hoạch nào khác của trang. Các kế hoạch thực hiện chúng có trên trang của từng kế hoạch và trong trang"
        ),
        Lang::En => format!(
            "This list shows {shown} of {total} plans: those that carry out no other plan of this site. The plans that carry them out are on each plan's page and on the page"
        ),
    }
}

/// "yearly-2023" → "Hằng năm 2023"; known reviews by name; other ids as given.
pub fn occasion(lang: Lang, id: &str, milestone_title: Option<&str>) -> String {
    if let Some(y) = id.strip_prefix("yearly-") {
        return match lang {
            Lang::Vi => format!("Khen thưởng hằng năm {y}"),
            Lang::En => format!("Annual commendations {y}"),
        };
    }
    if let Some(t) = milestone_title {
        return t.to_string();
    }
    if let Some(y) = id.strip_prefix("so-ket-") {
        return lang
            .pick(&format!("Sơ kết {y}"), &format!("Mid-term review {y}"))
            .to_string();
    }
    if let Some(y) = id.strip_prefix("tong-ket-") {
        return lang
            .pick(&format!("Tổng kết {y}"), &format!("Final review {y}"))
            .to_string();
    }
    id.to_string()
}
