namespace Ledger.Chaincode.Equipment;

/// <summary>A court's judicial freeze: blocks transfer and export until the court lifts it.</summary>
public sealed record Freeze(string Court, string CaseNumber, string TxId, DateTimeOffset At);

/// <summary>
/// A lien (finance lease, mortgage): blocks transfer and export until its holder releases it, or
/// consents (the lien then travels with the machine).
/// </summary>
public sealed record Lien(string Holder, string Reference, string TxId, DateTimeOffset At, string? ConsentTx = null);

/// <summary>Customs supervision (bonded or duty-free equipment): blocks transfer and export until its end or release.</summary>
public sealed record CustomsSupervision(string Customs, string Reason, DateTimeOffset Until, string TxId);

/// <summary>An export licence: requested by the owner, decided by commerce.</summary>
public sealed record ExportLicence(string Status, string DestinationCountry, string RequestedBy, string RequestTx, string? LicenceNumber, string? DecidedBy, string? Reason);

/// <summary>An export declaration: filed by the owner under an approved licence, cleared or rejected by customs.</summary>
public sealed record ExportDeclaration(string Status, string DeclarationNumber, string DestinationCountry, string Port, string DeclaredBy, string DeclareTx, string? DecidedBy, string? Reason);

/// <summary>The latest inspection by an accredited body.</summary>
public sealed record Inspection(string Inspector, string Grade, long HoursMeter, string ReportHash, string TxId, DateTimeOffset At);

/// <summary>
/// The latest valuation: an integer amount in the currency's minor units (never floating point).
/// Kept in its own field so a buyer-facing disclosure can leave it out.
/// </summary>
public sealed record Valuation(string Assessor, long AmountMinor, string Currency, string? Method, string ReportHash, string TxId, DateTimeOffset At);

/// <summary>
/// How the current owner procured the machine. A private seller appears only as a salted hash
/// chosen by the submitting org; the price is kept here so a disclosure can leave it out.
/// </summary>
public sealed record Procurement(string By, string? FromOrg, string? SellerHash, long? PriceMinor, string? Currency, string? DocumentHash, string TxId, DateTimeOffset At);

/// <summary>The latest refurbishment or remanufacture: work done, parts replaced, the report's hash.</summary>
public sealed record Refurbishment(string By, string WorkDone, IReadOnlyList<string> PartsReplaced, string ReportHash, string TxId, DateTimeOffset At);

/// <summary>A key component with an identity of its own, installed in the machine.</summary>
public sealed record Component(string Serial, string Kind, string InstalledBy, string TxId);

/// <summary>The remanufacture mark granted by a certification body.</summary>
public sealed record RemanufactureMark(string CertifiedBy, string CertificateNumber, string TxId, DateTimeOffset At);

/// <summary>An invoice the tax authority recorded (agency or reverse invoices for private sellers).</summary>
public sealed record Invoice(string RecordedBy, string InvoiceNumber, string Kind, long AmountMinor, string Currency, string? SellerHash, string TxId, DateTimeOffset At);

/// <summary>An after-sales complaint and, once closed, its resolution (contents off-ledger, by hash).</summary>
public sealed record Complaint(string ComplaintId, string RecordedBy, string SummaryHash, string? ResolutionHash, string TxId, string? ResolvedTx);
