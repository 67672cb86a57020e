using System.Text;

namespace Ledger.Chaincode.Equipment;

/// <summary>Machine identities: a PIN/VIN/serial normalised so that spellings of one number collide.</summary>
public static class EquipmentIds
{
    public const int MaxLength = 64;

    /// <summary>Upper-case letters and digits only: separators (space, '-', '_', '.', '/') are dropped.</summary>
    public static string? Normalize(string? pin)
    {
        if (pin is null)
        {
            return null;
        }

        var builder = new StringBuilder(pin.Length);
        foreach (var c in pin)
        {
            if (c is >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (c is >= 'a' and <= 'z')
            {
                builder.Append((char)(c - 'a' + 'A'));
            }
            else if (c is not (' ' or '-' or '_' or '.' or '/'))
            {
                return null;
            }
        }

        return builder.Length is 0 or > MaxLength ? null : builder.ToString();
    }
}
