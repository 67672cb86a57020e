namespace Ledger.Chaincode.Equipment;

/// <summary>A court's judicial freeze: blocks transfer and export until the court lifts it.</summary>
public sealed record Freeze(string Court, string CaseNumber, string TxId, DateTimeOffset At);

/// <summary>A lien (finance lease, mortgage): blocks transfer and export until its holder releases it.</summary>
public sealed record Lien(string Holder, string Reference, string TxId, DateTimeOffset At);

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
