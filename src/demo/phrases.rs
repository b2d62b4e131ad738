//! Business phrases of the demo (a seller of fleet telematics): interaction topics, deal titles,
//! follow-ups, needs and notes.
//!
//! Placeholders filled at random: `{product}`, `{n}`, `{pct}`, `{year}`, `{q}`, `{order}`,
//! `{invoice}`, `{ticket}`, `{city}`, `{fair}`.

/// What the seller sells.
pub const PRODUCTS: &[&str] = &[
    "GPS trackers",
    "fleet dashboard licences",
    "dash cams",
    "fuel cards",
    "the service plan",
    "the driver app",
    "tachograph downloads",
    "the route planning module",
    "cold-chain sensors",
    "the maintenance module",
];

/// Trade fairs where customers are met.
pub const FAIRS: &[&str] = &[
    "LogiMAT",
    "TransLogistica",
    "IAA Transportation",
    "Solutrans",
    "Multimodal",
    "Nordic Logistics Days",
];

/// A subject of conversation: its one-line summaries and sentences for the notes.
pub struct Topic {
    /// One-line summaries, each after the kinds of interaction it fits and a `|`:
    /// `c`all, `e`mail, `m`eeting, me`s`sage, `v`isit, `n`ote, or `*` for any.
    pub summaries: &'static [&'static str],
    /// Note sentences.
    pub notes: &'static [&'static str],
}

/// Topics that move a deal forward (used for interactions linked to a deal).
pub const DEAL_TOPICS: &[Topic] = &[PRICING, DEMO, CONTRACT, ORDER];

/// Every topic, with its weight.
pub const TOPICS: &[(u32, Topic)] = &[
    (14, PRICING),
    (10, DEMO),
    (10, CONTRACT),
    (6, DELIVERY),
    (8, INVOICE),
    (4, REFERRAL),
    (7, ONBOARDING),
    (7, SUPPORT),
    (10, ORDER),
    (16, CHECK_IN),
];

const PRICING: Topic = Topic {
    summaries: &[
        "*|Pricing for {product}",
        "ces|Asked for a volume discount on {product}",
        "e|Price list {year} sent",
        "cmv|Discussed pricing and payment terms",
        "ces|Pricing questions after the offer",
        "n|Pricing: check the margin before the next offer",
    ],
    notes: &[
        "They compare us with two other vendors; price is the main criterion.",
        "Offered {pct}% discount for a three-year term.",
        "Budget is tight until Q{q}; pricing must stay under last year's.",
        "Sent the updated price list with volume tiers.",
        "Wants monthly billing instead of annual prepayment.",
    ],
};

const DEMO: Topic = Topic {
    summaries: &[
        "cmv|Demo of {product}",
        "mv|Product demo for the operations team",
        "ces|Demo scheduled for next week",
        "*|Follow-up after the demo",
        "cm|Online demo of the live map",
        "n|Demo: they liked the live map most",
    ],
    notes: &[
        "Demo went well; the fleet manager liked the live map.",
        "Questions about the API and data export after the demo.",
        "Asked for a trial account for {n} vehicles.",
        "Demo postponed, the decision maker was ill.",
        "Dispatchers want a second demo with their own routes.",
    ],
};

const CONTRACT: Topic = Topic {
    summaries: &[
        "*|Contract renewal {year}",
        "e|Contract draft sent",
        "cmv|Contract renewal: terms discussed",
        "e|Signed contract received",
        "ce|Contract questions from their legal team",
        "n|Contract: check the renewal date",
    ],
    notes: &[
        "Legal wants a 30-day termination clause.",
        "Renewal due in {n} weeks; they want the same terms.",
        "Contract signed for {n} months.",
        "They asked to move the renewal date to January.",
        "Need the data processing agreement before signing.",
    ],
};

const DELIVERY: Topic = Topic {
    summaries: &[
        "ces|Delivery delay on order {order}",
        "cesv|Apologized for the delivery delay",
        "es|Delivery update: units shipped",
        "cesmv|Installation date confirmed",
        "n|Delivery delay on order {order}: chase the supplier",
    ],
    notes: &[
        "Supplier shortage: {n} units arrive a week late.",
        "Offered a free month of service to make up for the delay.",
        "The courier lost one parcel; replacement sent.",
        "Installer booked for {n} vehicles in {city}.",
    ],
};

const INVOICE: Topic = Topic {
    summaries: &[
        "ces|Invoice question ({invoice})",
        "e|Invoice corrected and sent again",
        "ce|Payment reminder for invoice {invoice}",
        "cesmv|Question about the invoice address",
        "n|Invoice {invoice} still unpaid",
    ],
    notes: &[
        "The VAT number was missing on the invoice.",
        "Invoice paid after the reminder.",
        "They need a PO number on every invoice.",
        "Credit note issued for {n} licences.",
    ],
};

const REFERRAL: Topic = Topic {
    summaries: &[
        "*|Referral: recommended us to a partner in {city}",
        "ces|Thanked them for the referral",
        "cmv|Asked for a referral",
    ],
    notes: &[
        "They introduced us to the logistics manager of a partner company.",
        "Happy to act as a reference customer.",
        "Referral lead passed on to the team in {city}.",
    ],
};

const ONBOARDING: Topic = Topic {
    summaries: &[
        "c|Onboarding call for {product}",
        "m|Onboarding session for {product}",
        "mv|Training for new dispatchers",
        "es|User accounts set up",
        "v|On-site training in {city}",
        "n|Onboarding checklist updated",
    ],
    notes: &[
        "Trained {n} dispatchers; they asked for a cheat sheet.",
        "Installation of {n} units planned.",
        "Import of their vehicle list done.",
    ],
};

const SUPPORT: Topic = Topic {
    summaries: &[
        "ces|Complaint about app outages",
        "ces|Support issue: trackers offline",
        "ce|Escalated support ticket {ticket}",
        "cemsv|Report numbers look wrong",
        "n|Support ticket {ticket} to watch",
    ],
    notes: &[
        "Ticket {ticket} escalated to second-level support.",
        "Unhappy with response times; promised a call from the support lead.",
        "Firmware update fixed the offline trackers.",
        "They are considering a competitor if this happens again.",
    ],
};

const ORDER: Topic = Topic {
    summaries: &[
        "ce|New order: {n} units of {product}",
        "ces|Reorder of {product}",
        "e|Offer sent for {product}",
        "cemv|Quote for {n} vehicles",
        "n|Order {order}: prepare the invoice",
    ],
    notes: &[
        "Order confirmed, delivery in two weeks.",
        "Offer valid until the end of the month.",
        "They want the same configuration as last year.",
        "Order {order} placed by the purchasing department.",
    ],
};

const CHECK_IN: Topic = Topic {
    summaries: &[
        "e|Quarterly check-in",
        "c|Catch-up call",
        "v|Coffee at their office",
        "m|Met at {fair}",
        "e|Roadmap update",
        "m|Roadmap presentation",
        "s|Quick check-in",
        "v|Visit at their depot in {city}",
        "m|Quarterly review meeting",
        "n|Ask about fleet growth next time",
    ],
    notes: &[
        "All fine; they plan to grow the fleet by {n} vehicles next year.",
        "A new CFO starts next month.",
        "Asked about our roadmap for electric vehicles.",
        "Mentioned a tender in Q{q}.",
        "Busy season; call again after the holidays.",
    ],
};

/// Sentences that fit any interaction's notes.
pub const GENERAL_NOTES: &[&str] = &[
    "Follow up next week.",
    "The decision maker is the CFO.",
    "Budget approved for Q{q}.",
    "Prefers email over calls.",
    "Sent a summary by email afterwards.",
    "Very friendly, long-standing relationship.",
];

/// Deal titles.
pub const DEAL_TITLES: &[&str] = &[
    "{n} GPS trackers",
    "Fleet dashboard, {n} licences",
    "Service plan renewal {year}",
    "Dash cams for {n} vans",
    "Pilot: {n} vehicles",
    "Framework agreement {year}",
    "Cold-chain sensors, {n} trailers",
    "Route planning module",
    "Fuel cards for {n} drivers",
    "Fleet expansion {year}",
];

/// What a follow-up asks to do.
pub const FOLLOW_UPS: &[&str] = &[
    "Call back about pricing",
    "Send offer for {product}",
    "Send contract draft",
    "Chase invoice {invoice}",
    "Prepare demo of {product}",
    "Check delivery status of {order}",
    "Contract renewal reminder",
    "Quarterly check-in",
    "Ask for a referral",
    "Send price list {year}",
    "Book on-site visit",
    "Confirm installation date",
];

/// What customers need and prefer.
pub const NEEDS: &[&str] = &[
    "Needs {n} trackers for a growing fleet; decision in Q{q}.",
    "Wants better fuel reporting; price-sensitive.",
    "Prefers email, no calls before 10:00.",
    "Looking to replace their current telematics vendor by {year}.",
    "Needs cold-chain temperature logs for audits.",
    "Interested in driver scoring; wants a pilot first.",
    "Pays on 60-day terms; needs PO numbers on invoices.",
    "Wants training material in their own language.",
    "Needs an API to feed their ERP.",
    "Wants one invoice for all depots.",
];

/// Free notes on a customer.
pub const CUSTOMER_NOTES: &[&str] = &[
    "Met at {fair} {year}.",
    "The decision maker is the managing director.",
    "Very responsive on email.",
    "Slow payer: check the balance before new orders.",
    "Has about {n} vehicles, mostly vans.",
    "Came through a referral.",
    "Depots in {city} and two other cities.",
    "Seasonal business: busiest in Q{q}.",
];
