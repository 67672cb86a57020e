namespace Ledger.Chaincode.Equipment;

/// <summary>The consortium roles of shared/domain/DOMAIN.md that the equipment contract checks.</summary>
public static class Roles
{
    public const string Manufacturer = "manufacturer";
    public const string Remanufacturer = "remanufacturer";
    public const string Tax = "tax";
    public const string Exporter = "exporter";
    public const string Inspector = "inspector";
    public const string Assessor = "assessor";
    public const string Customs = "customs";
    public const string Registry = "registry";
    public const string Commerce = "commerce";
    public const string Court = "court";
    public const string Bank = "bank";
}

/// <summary>A machine's lifecycle status.</summary>
public static class Statuses
{
    public const string Registered = "Registered";
    public const string InService = "InService";
    public const string ExportDeclared = "ExportDeclared";
    public const string Exported = "Exported";
    public const string Deregistered = "Deregistered";
    public const string Scrapped = "Scrapped";
}
