import FissionClean
import FissionModel
import FissionPredict
import Foundation

/// Predictive LTV (docs/reports.md, "Predictive LTV"): the buy-till-you-die models fitted on every buyer's purchase
/// history from the stored state.
///
/// - A buyer is a person with an `order_paid` on or before the calibration end: the last complete day, or the day
///   before `holdout_from`. All of one day's orders are one transaction; x = repeat transaction days, tₓ and T from
///   the first purchase day, in `time_unit`s; the value of a day is its orders net of their refunds (by `order_id`).
/// - `clv_params`: BG/NBD, Pareto/NBD and Gamma-Gamma (fitted on buyers with x > 0), their log-likelihoods, and the
///   frequency–value correlation Gamma-Gamma assumes to be near 0.
/// - `clv_persons`: per buyer, the chosen `model`'s P(alive), expected transactions in the next N days, the
///   Gamma-Gamma expected order value, and the CLV over `clv_months` months discounted by `monthly_discount`.
/// - `clv_cohorts`: per acquisition cohort (first active day, as `ltv`) × segment, the observed LTV to date and the
///   projected LTV at ages of N days: observed net revenue up to that age where it has passed, plus the buyers'
///   expected transactions × expected order value for the days still to come. Persons who have not bought yet add
///   nothing to come (the models describe buyers only).
/// - `clv_holdout` (with `holdout_from`): per calibration frequency, actual and predicted holdout transactions.
public struct ClvJob: AggregateJob {
    public static let name = "clv"
    public var name: String { Self.name }
    public var options: ClvOptions
    public var propertyKeys: Set<String> { Set(["order_id"]).union(options.segments.propertyKeys) }

    public init(_ options: ClvOptions = ClvOptions()) {
        self.options = options
    }

    public init(options r: ConfigReader) throws(ConfigError) {
        options = try ClvOptions(options: r)
    }

    public static let paramsSchema = TableSchema(
        name: "clv_params",
        columns: [ColumnSpec("model", .text), ColumnSpec("parameter", .text), ColumnSpec("value", .real),
                  ColumnSpec("log_likelihood", .real), ColumnSpec("persons", .integer), ColumnSpec("fit_first_day", .text),
                  ColumnSpec("fit_last_day", .text), ColumnSpec("time_unit_days", .integer), ColumnSpec("at_bound", .integer)],
        primaryKey: ["model", "parameter"])

    public func personsSchema() -> TableSchema {
        TableSchema(
            name: "clv_persons",
            columns: [ColumnSpec("person_key", .text), ColumnSpec("first_purchase_date", .text), ColumnSpec("x", .integer),
                      ColumnSpec("t_x", .real), ColumnSpec("T", .real), ColumnSpec("mean_repeat_value_minor", .real),
                      ColumnSpec("p_alive", .real)]
                + options.horizonsDays.map { ColumnSpec("expected_transactions_\($0)d", .real) }
                + [ColumnSpec("expected_order_value_minor", .real), ColumnSpec("predicted_clv_minor", .real),
                   ColumnSpec("holdout_transactions", .integer), ColumnSpec("model", .text)],
            primaryKey: ["person_key"])
    }

    public func cohortsSchema() -> TableSchema {
        TableSchema(
            name: "clv_cohorts",
            columns: [ColumnSpec("cohort_period", .text), ColumnSpec("cohort_start", .text), ColumnSpec("segment", .text),
                      ColumnSpec("persons", .integer), ColumnSpec("buyers", .integer), ColumnSpec("age_days", .integer),
                      ColumnSpec("observed_ltv_minor", .real)]
                + options.cohortAgesDays.map { ColumnSpec("projected_ltv_\($0)d_minor", .real) }
                + SegmentColumns.specs,
            primaryKey: ["cohort_period", "cohort_start", "segment"])
    }

    public static let holdoutSchema = TableSchema(
        name: "clv_holdout",
        columns: [ColumnSpec("model", .text), ColumnSpec("frequency", .text), ColumnSpec("persons", .integer),
                  ColumnSpec("actual_transactions", .integer), ColumnSpec("predicted_transactions", .real),
                  ColumnSpec("actual_mean", .real), ColumnSpec("predicted_mean", .real)],
        primaryKey: ["model", "frequency"])

    /// One buyer: their calibration history and holdout transactions.
    struct Buyer {
        var person: Int
        var history: PurchaseHistory
        var firstPurchaseDay: Int
        /// Transactions in the holdout period; nil without one.
        var holdout: Int?
    }

    public func run(_ data: CleanDataset) -> JobOutput {
        guard let lastComplete = data.lastCompleteDay.map({ Int($0.daysSinceEpoch) }) else {
            return JobOutput(tables: emptyTables, headline: ["CLV: no complete day yet"])
        }
        // A `holdout_from` after the last complete day leaves no holdout: the calibration ends on the last complete day.
        let calibrationEnd = min(options.holdoutFrom.map { Int($0.daysSinceEpoch) - 1 } ?? lastComplete, lastComplete)
        let holdoutDays = calibrationEnd < lastComplete ? (calibrationEnd + 1)...lastComplete : nil
        let orderKey = data.symbols.lookup("order_id")
        let ledgers = data.personRanges.indices.map { PurchaseLedger(person: $0, in: data, orderKey: orderKey, refundsUntil: calibrationEnd) }
        var buyers: [Buyer] = []
        for (person, ledger) in ledgers.enumerated() {
            guard let h = CustomerFeatures.history(ledger.orders, calibrationEnd: calibrationEnd, unitDays: options.unitDays),
                  let first = ledger.orders.lazy.map(\.day).filter({ $0 <= calibrationEnd }).min() else { continue }
            let holdout = holdoutDays.map { CustomerFeatures.transactionDays(ledger.orders, in: $0) }
            buyers.append(Buyer(person: person, history: h, firstPurchaseDay: first, holdout: holdout))
        }
        let histories = buyers.map(\.history)
        let repeaters = histories.filter { $0.x > 0 && $0.meanValue > 0 }
        // Fitting needs repeat purchases to say anything about the purchase and dropout rates.
        guard !buyers.isEmpty, histories.contains(where: { $0.x > 0 }) else {
            return JobOutput(tables: emptyTables, headline: ["CLV: no repeat purchases by \(LocalDate(daysSinceEpoch: Int32(calibrationEnd))): nothing to fit"])
        }
        let bgnbd = BGNBD.fit(histories)
        let pareto = ParetoNBD.fit(histories)
        let spend = repeaters.isEmpty ? nil : GammaGamma.fit(repeaters)
        let fit = Fit(firstDay: buyers.map(\.firstPurchaseDay).min()!, lastDay: calibrationEnd, unitDays: options.unitDays)

        var tables = [paramsTable(bgnbd: bgnbd, pareto: pareto, spend: spend, histories: histories, repeaters: repeaters, fit: fit)]
        let chosen: any TransactionModel = options.model == .bgnbd ? bgnbd : pareto
        var memo = ModelMemo(chosen)
        tables.append(personsTable(buyers, memo: &memo, spend: spend, data: data))
        tables.append(cohortsTable(data: data, ledgers: ledgers, buyers: buyers, memo: &memo, spend: spend, calibrationEnd: calibrationEnd))
        if let holdoutDays {
            let length = Double(holdoutDays.count) / Double(options.unitDays)
            tables.append(holdoutTable([("bgnbd", bgnbd), ("pareto_nbd", pareto)], buyers: buyers, length: length))
        }
        return JobOutput(tables: tables, headline: [headline(tables, model: chosen)])
    }

    struct Fit {
        var firstDay: Int
        var lastDay: Int
        var unitDays: Int
    }

    var emptyTables: [ReportTable] {
        [ReportTable(schema: Self.paramsSchema, rows: []), ReportTable(schema: personsSchema(), rows: []),
         ReportTable(schema: cohortsSchema(), rows: [])]
    }

    func paramsTable(bgnbd: BGNBD, pareto: ParetoNBD, spend: GammaGamma?, histories: [PurchaseHistory], repeaters: [PurchaseHistory],
                     fit: Fit) -> ReportTable {
        func rows(_ model: String, _ parameters: [(String, Double?)], _ ll: Double?, _ persons: Int) -> [[SQLValue]] {
            parameters.map { name, value in
                let isParameter = name != "frequency_value_correlation"
                return [.text(model), .text(name), Self.real(value), Self.real(ll), .int(persons),
                        .text(LocalDate(daysSinceEpoch: Int32(fit.firstDay)).description), .text(LocalDate(daysSinceEpoch: Int32(fit.lastDay)).description),
                        .int(fit.unitDays), isParameter ? (value.map(FitBounds.isAtBound) == true ? 1 : 0) : .null]
            }
        }
        var all = rows("bgnbd", [("r", bgnbd.r), ("alpha", bgnbd.alpha), ("a", bgnbd.a), ("b", bgnbd.b)], bgnbd.logLikelihood(histories), histories.count)
            + rows("pareto_nbd", [("r", pareto.r), ("alpha", pareto.alpha), ("s", pareto.s), ("beta", pareto.beta)], pareto.logLikelihood(histories), histories.count)
        if let spend {
            all += rows("gamma_gamma", [("p", spend.p), ("q", spend.q), ("gamma", spend.gamma),
                                        ("frequency_value_correlation", GammaGamma.frequencyValueCorrelation(repeaters))],
                        repeaters.reduce(0) { $0 + spend.logLikelihood($1) }, repeaters.count)
        }
        return ReportTable(schema: Self.paramsSchema, unsortedRows: all)
    }

    /// The expected order value of a buyer: the Gamma-Gamma posterior mean, or their own mean without a spend model.
    func orderValue(_ h: PurchaseHistory, _ spend: GammaGamma?) -> Double? {
        guard let spend else { return h.x > 0 ? h.meanValue : nil }
        let v = spend.expectedValue(h)
        return v.isFinite && v >= 0 ? v : nil
    }

    func personsTable(_ buyers: [Buyer], memo: inout ModelMemo, spend: GammaGamma?, data: CleanDataset) -> ReportTable {
        let clv = CLV(months: options.clvMonths, monthlyDiscount: options.monthlyDiscount, daysPerUnit: Double(options.unitDays))
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(buyers.count)
        for b in buyers {
            let h = b.history
            let value = orderValue(h, spend)
            let expected = options.horizonsDays.map { Self.count(memo.expectedTransactions(inNext: Double($0) / Double(options.unitDays), given: h)) }
            let lifetime = value.map { memo.lifetimeValue(clv, of: h, orderValue: $0) }
            rows.append([.text(data.identities.personKeys[b.person]), .text(LocalDate(daysSinceEpoch: Int32(b.firstPurchaseDay)).description),
                         .int(Int(h.x)), .real(h.tx), .real(h.T), h.x > 0 ? .real(h.meanValue) : .null, Self.probability(memo.probabilityAlive(h))]
                + expected
                + [Self.count(value), Self.count(lifetime), b.holdout.map { .int($0) } ?? .null, .text(options.model.rawValue)])
        }
        return ReportTable(schema: personsSchema(), unsortedRows: rows)
    }

    func cohortsTable(data: CleanDataset, ledgers: [PurchaseLedger], buyers: [Buyer], memo: inout ModelMemo, spend: GammaGamma?,
                      calibrationEnd: Int) -> ReportTable {
        let calendar = PeriodCalendar(options.cohortPeriod)
        let byPerson = Dictionary(uniqueKeysWithValues: buyers.map { ($0.person, $0) })
        struct Cell {
            var persons = 0, buyers = 0
            var observed = 0.0
            var projected: [Double]
        }
        var cells: [Int: [String: Cell]] = [:]
        let profiles = PersonProfile.profiles(data)
        for (person, profile) in profiles.enumerated() {
            guard let profile, data.window.contains(profile.firstActiveDay) else { continue }
            let ledger = ledgers[person]
            let first = Int(profile.firstActiveDay.daysSinceEpoch)
            guard first <= calibrationEnd else { continue }
            let observed = Double(ledger.net(from: first, through: calibrationEnd).value)
            let buyer = byPerson[person]
            let value = buyer.flatMap { orderValue($0.history, spend) } ?? 0
            var projected: [Double] = []
            for age in options.cohortAgesDays {
                let ageEnd = first + age
                guard ageEnd > calibrationEnd else { projected.append(Double(ledger.net(from: first, through: ageEnd).value)); continue }
                guard let buyer else { projected.append(observed); continue }
                let toCome = memo.expectedTransactions(inNext: Double(ageEnd - calibrationEnd) / Double(options.unitDays), given: buyer.history)
                projected.append(toCome.isFinite && toCome >= 0 ? observed + toCome * value : .nan)
            }
            let index = calendar.index(of: profile.firstActiveDay)
            for segment in options.segments.segments(of: profile) {
                var cell = cells[index, default: [:]][segment] ?? Cell(projected: Array(repeating: 0, count: projected.count))
                cell.persons += 1
                cell.buyers += buyer == nil ? 0 : 1
                cell.observed += observed
                for i in projected.indices { cell.projected[i] += projected[i] }
                cells[index, default: [:]][segment] = cell
            }
        }
        let rows = cells.flatMap { index, bySegment in
            bySegment.map { segment, c -> [SQLValue] in
                let start = calendar.firstDay(ofIndex: index)
                let persons = Double(c.persons)
                return [.text(options.cohortPeriod.rawValue), .text(start.description), .text(segment), .int(c.persons), .int(c.buyers),
                        .int(max(0, calibrationEnd - Int(start.daysSinceEpoch))), .real(c.observed / persons)]
                    + c.projected.map { Self.real($0 / persons) } + SegmentColumns.values(segment)
            }
        }
        return ReportTable(schema: cohortsSchema(), unsortedRows: rows)
    }

    func holdoutTable(_ models: [(String, any TransactionModel)], buyers: [Buyer], length: Double) -> ReportTable {
        let rows = models.flatMap { name, model -> [[SQLValue]] in
            let c = HoldoutComparison(model: model, calibration: buyers.map(\.history), actual: buyers.map { $0.holdout ?? 0 }, length: length)
            let buckets = c.buckets.map { b -> [SQLValue] in
                [.text(name), .text(b.label), .int(b.customers), .int(Int(b.actualTotal)), .real(b.predictedTotal),
                 b.customers == 0 ? .null : .real(b.actualMean), b.customers == 0 ? .null : .real(b.predictedMean)]
            }
            let n = buyers.count
            return buckets + [[.text(name), .text("all"), .int(n), .int(Int(c.actualTotal)), .real(c.predictedTotal),
                               .real(c.actualTotal / Double(n)), .real(c.predictedTotal / Double(n))]]
        }
        return ReportTable(schema: Self.holdoutSchema, unsortedRows: rows)
    }

    func headline(_ tables: [ReportTable], model: any TransactionModel) -> String {
        let persons = tables[1].rows.count
        let aliveColumn = tables[1].schema.columns.firstIndex { $0.name == "p_alive" }!
        let alive = tables[1].rows.compactMap { if case .real(let v) = $0[aliveColumn] { v } else { nil } }
        let mean = alive.isEmpty ? 0 : alive.reduce(0, +) / Double(alive.count)
        return String(format: "CLV (%@): %d buyers, mean P(alive) %.2f", options.model.rawValue, persons, mean)
    }

    /// A REAL cell; NULL for a missing or non-finite value (a fit that failed to converge never writes NaN).
    static func real(_ v: Double?) -> SQLValue {
        guard let v, v.isFinite else { return .null }
        return .real(v)
    }

    /// An expected count or amount: NULL unless finite and ≥ 0 (a model evaluated where its formula breaks down, e.g.
    /// BG/NBD at a = 1, gives NULL rather than a meaningless number).
    static func count(_ v: Double?) -> SQLValue {
        guard let v, v >= 0 else { return .null }
        return real(v)
    }

    /// A probability: NULL unless in [0, 1].
    static func probability(_ v: Double) -> SQLValue { (0...1).contains(v) ? .real(v) : .null }
}
