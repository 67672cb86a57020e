namespace Ledger.Chaincode.Equipment;

/// <summary>A machine's current record on the ledger.</summary>
public sealed record Machine(
    string Id,
    string Pin,
    string Manufacturer,
    string Model,
    string Category,
    string? ManufactureDate,
    string? EngineSerial,
    string? EmissionStage,
    string? DocumentHash,
    string Owner,
    string Status,
    PendingTransfer? PendingTransfer,
    string RegisteredBy,
    string RegisteredTx,
    DateTimeOffset RegisteredAt,
    string LastTx,
    ulong LastHeight,
    Freeze? Freeze = null,
    IReadOnlyList<Lien>? Liens = null,
    CustomsSupervision? Supervision = null,
    ExportLicence? Licence = null,
    ExportDeclaration? Declaration = null,
    Inspection? Inspection = null,
    Valuation? Valuation = null);
