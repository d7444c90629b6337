/// The page's chapters, each answering one question from the articles, with the report tables it shows, and a
/// one-line definition of every report table. A report table in no chapter (a report added later) still gets a
/// section, under "Other reports".
enum TableCatalog {
    struct Chapter {
        var id: String
        var title: String
        var question: String
        var tables: [String]
    }

    static let chapters: [Chapter] = [
        Chapter(id: "retention", title: "Retention and activity",
                question: "Do people come back? Next-day, week and month retention by cohort and acquisition segment.",
                tables: ["retention", "retention_summary", "lifecycle", "stickiness", "stickiness_daily", "daily_activity"]),
        Chapter(id: "sharing", title: "Sharing and virality",
                question: "Does sharing bring buyers? Shares → openers → new persons → buyers, the viral coefficient, cascades and sharers.",
                tables: ["share_funnel", "share_funnel_summary", "viral_coefficient_daily", "share_cascades", "share_cascade_summary",
                         "top_sharers", "share_funnel_by_scene", "share_attribution"]),
        Chapter(id: "funnels", title: "Funnels",
                question: "Where do people drop out between viewing, carting and paying, and how long does each step take?",
                tables: ["funnel", "funnel_step_times", "funnel_daily"]),
        Chapter(id: "value", title: "Value",
                question: "What is a customer worth, by acquisition channel, and how often do they buy again?",
                tables: ["ltv_summary", "ltv", "clv_cohorts", "clv_holdout", "clv_params", "clv_persons", "commerce_daily", "commerce_summary",
                         "repurchase", "repurchase_intervals"]),
        Chapter(id: "platforms", title: "Platforms and identity",
                question: "How many real people do the platforms hold, and how many are on several?",
                tables: ["platform_overlap", "platform_overlap_pairs", "platform_overlap_summary", "identity_map", "suspicious_identity_keys"]),
        Chapter(id: "mechanics", title: "Group buys, bargains, promoters and pushes",
                question: "Do the viral mechanics and pushes pay, and when do pushes start to hurt?",
                tables: ["group_buys", "group_buy_summary", "bargains", "bargain_summary", "promoters", "promoter_orders",
                         "push_fatigue", "push_campaigns"]),
    ]

    static let definitions: [String: String] = [
        "daily_activity": "Events, active and new persons, orders and revenue per day × platform.",
        "retention": "Cohort retention: of the persons in a cohort period, those active again k periods later.",
        "retention_summary": "Retention pooled over complete cohorts.",
        "share_funnel": "Shares → opens → new persons → converted, per share day × channel.",
        "share_funnel_summary": "The share funnel over the whole period per channel (the headline's figures).",
        "share_funnel_by_scene": "The open side of the share funnel by WeChat scene channel.",
        "share_attribution": "One row per person acquired through a share.",
        "share_cascades": "Trees of persons acquired through shares, with structural virality.",
        "share_cascade_summary": "Cascades per root share day × channel: sizes, depth, virality, amplification.",
        "top_sharers": "Sharers ranked by direct and indirect new persons.",
        "viral_coefficient_daily": "New persons per sharer, per day and over 7 days.",
        "group_buys": "One row per group buy (拼团): joiners, status, time to fill.",
        "group_buy_summary": "Group buys per start day × size: success rate, time to fill, GMV.",
        "bargains": "One row per bargain (砍价): helpers, success, the initiator's order.",
        "bargain_summary": "Bargains per start day: success rate, helpers, helper conversion.",
        "promoter_orders": "Promoter-attributed orders with commission and clawback.",
        "promoters": "Promoters per period: orders, GMV, net commission, new buyers.",
        "funnel": "Configured funnels: persons per step, conversion and step times.",
        "funnel_daily": "Funnels per entry day.",
        "funnel_step_times": "The distribution of seconds between consecutive funnel steps.",
        "ltv": "Cumulative net revenue per person by first-active-day cohort.",
        "ltv_summary": "LTV pooled over complete cohorts, per segment and day offset.",
        "clv_params": "The fitted buy-till-you-die models: parameters, log-likelihood, fit period.",
        "clv_persons": "Per person: frequency, recency, age, P(alive), expected transactions and predicted CLV.",
        "clv_cohorts": "Per acquisition cohort × segment: observed LTV plus predicted future value.",
        "clv_holdout": "Calibration/holdout check: predicted vs actual repeat transactions by calibration frequency.",
        "commerce_daily": "GMV, refunds, AOV, ARPU and ARPPU per day × platform × channel.",
        "commerce_summary": "The commerce figures per week and month.",
        "repurchase": "Repurchase rates within 7/30/90 days by first-order cohort.",
        "repurchase_intervals": "Days between consecutive orders: percentiles and bins.",
        "lifecycle": "New, returning, resurrected and dormant persons per period, and the pulse.",
        "stickiness": "Persons by number of active days per week and month.",
        "stickiness_daily": "DAU, 30-day MAU and DAU/MAU per day.",
        "push_fatigue": "Pushes by how many a person had received in a year: open, conversion and opt-out rates.",
        "push_campaigns": "Push figures per campaign.",
        "platform_overlap": "Persons by the exact set of platforms they were active on.",
        "platform_overlap_pairs": "Persons shared by each platform pair, with Jaccard index.",
        "platform_overlap_summary": "Accounts, persons and the multi-platform share.",
        "identity_map": "Every platform account and the person it belongs to.",
        "suspicious_identity_keys": "Identity keys not used for linking, and why.",
        "report_metadata": "How to read the reports: currency, time zone, data range, versions.",
    ]
}
