/// Mints unique, opaque-looking ids (`wx-o-81f2`) from a counter.
///
/// The counter is multiplied by an odd constant and xor-ed with a seed-derived salt modulo 16^width,
/// which is a bijection, so ids never repeat. When a width runs out, later ids get one more hex digit
/// (a different length, so still distinct from all earlier ones).
struct IDMint {
    let prefix: String
    private let salt: UInt64
    private var width: Int
    private var counter: UInt64 = 0

    init(prefix: String, salt: UInt64, width: Int = 4) {
        self.prefix = prefix
        self.salt = salt
        self.width = width
    }

    mutating func next() -> String {
        while counter >> UInt64(width * 4) != 0 { width += 1 }
        let mask: UInt64 = (1 << UInt64(width * 4)) - 1
        let value = ((counter &* 0x9E37_79B9_7F4A_7C15) ^ salt) & mask
        counter += 1
        let hex = String(value, radix: 16)
        return prefix + String(repeating: "0", count: max(0, width - hex.count)) + hex
    }
}

/// The id namespaces of one simulation.
struct IDMints {
    var users: [IDMint]
    var device: IDMint
    var union: IDMint
    var share: IDMint
    var order: IDMint
    var group: IDMint
    var coupon: IDMint

    init(seed: UInt64) {
        var salts = SplitMix64(seed: seed, stream: 0x1D)
        users = Platform.allCases.map { IDMint(prefix: $0.userPrefix, salt: salts.next()) }
        device = IDMint(prefix: "dev-", salt: salts.next())
        union = IDMint(prefix: "U-", salt: salts.next())
        share = IDMint(prefix: "s-", salt: salts.next())
        order = IDMint(prefix: "o-", salt: salts.next())
        group = IDMint(prefix: "g-", salt: salts.next())
        coupon = IDMint(prefix: "c-", salt: salts.next(), width: 3)
    }

    mutating func user(on platform: Platform) -> String {
        users[platform.rawValue].next()
    }
}
