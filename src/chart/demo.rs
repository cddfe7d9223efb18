//! A small made-up province for chart tests and previews: figures under two poverty
//! standards, a plan with a range, a level and milestones, districts with their own statuses.

use crate::compute::testkit::*;
use crate::model::{Level, Metric, Site, Target, UnitId};

pub struct Demo {
    pub site: Site,
    pub province: UnitId,
    pub districts: Vec<UnitId>,
}

pub fn demo() -> Demo {
    let mut k = Kit::new();
    let p = k.unit("68", "Lâm Đồng", Level::Province, None);
    // (year, households, poor, near poor, ethnic-minority households, ethnic-minority poor)
    let rows = [
        (2018, 330_000, 13_200, 9_900, 78_000, 8_600),
        (2019, 334_000, 10_400, 9_100, 78_800, 6_900),
        (2020, 338_000, 8_100, 8_600, 79_500, 5_600),
        (2021, 345_000, 17_250, 9_300, 80_200, 9_900),
        (2022, 353_211, 8_478, 7_965, 81_020, 5_112),
        (2023, 360_000, 6_840, 7_200, 81_800, 4_100),
        (2024, 366_000, 5_930, 6_600, 82_500, 3_350),
    ];
    for (y, h, poor, near, eh, ep) in rows {
        k.record(p, y, |f| {
            f.households = Some(h);
            f.poor = Some(poor);
            f.near_poor = Some(near);
            f.ethnic_minority_households = Some(eh);
            f.ethnic_minority_poor = Some(ep);
            f.source = Some(if y <= 2020 {
                "Cục Thống kê tỉnh Lâm Đồng".into()
            } else {
                format!("Quyết định công bố kết quả rà soát hộ nghèo năm {y}")
            });
        });
    }
    let names = [
        ("674", "Đam Rông"),
        ("672", "Lạc Dương"),
        ("675", "Lâm Hà"),
        ("677", "Di Linh"),
        ("673", "Đơn Dương"),
    ];
    // Poor rate 2021 and 2024 per district.
    let rates = [(24.8, 17.9), (9.6, 6.2), (6.1, 4.9), (8.4, 5.1), (3.2, 2.4)];
    let mut districts = Vec::new();
    for ((code, name), (r21, r24)) in names.iter().zip(rates) {
        let d = k.unit(code, name, Level::District, Some(p));
        k.rate(d, 2021, r21);
        k.rate(d, 2022, r21 - (r21 - r24) / 3.0);
        if *code != "673" {
            k.rate(d, 2024, r24);
        }
        districts.push(d);
    }
    // Lạc Dương switched to a provincial standard in 2024: not comparable.
    k.record(districts[1], 2024, |f| f.standard = "tinh-2024".into());
    let plan = k.plan("lam-dong", p, 2022, 2025);
    k.site.plans[plan].number = "1479/QĐ-UBND".into();
    k.target(plan, annual(Metric::PoorRate, 1.0, Some(1.5)));
    k.target(
        plan,
        Target {
            strict: true,
            ..level_by(Metric::PoorRate, 1.5, 2025)
        },
    );
    k.target(
        plan,
        Target {
            applies_to: Some(Level::District),
            ..annual(Metric::PoorRate, 2.0, None)
        },
    );
    k.milestone(plan, (2023, 12, 31), "Sơ kết Phong trào thi đua");
    k.milestone(plan, (2025, 12, 31), "Tổng kết Phong trào thi đua");
    Demo {
        site: k.build(),
        province: p,
        districts,
    }
}
