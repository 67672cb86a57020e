using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Ledger.Execution.Tests;

/// <summary>
/// Reads a compiled assembly and lists what chaincode must not use: floating-point IL
/// instructions and references to the types and members of chaincode/BannedSymbols.txt.
/// It backs up the analyzer (which does not see, e.g., the <c>double</c> keyword).
/// </summary>
public static class ChaincodeDeterminismScanner
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private static readonly HashSet<short> FloatingPoint =
    [
        OpCodes.Ldc_R4.Value, OpCodes.Ldc_R8.Value, OpCodes.Conv_R4.Value, OpCodes.Conv_R8.Value, OpCodes.Conv_R_Un.Value,
        OpCodes.Ldind_R4.Value, OpCodes.Ldind_R8.Value, OpCodes.Stind_R4.Value, OpCodes.Stind_R8.Value,
        OpCodes.Ldelem_R4.Value, OpCodes.Ldelem_R8.Value, OpCodes.Stelem_R4.Value, OpCodes.Stelem_R8.Value, OpCodes.Ckfinite.Value,
    ];

    public static IReadOnlyList<string> Scan(string assemblyPath, IEnumerable<string> bannedSymbols, Func<string, bool>? methodFilter = null)
    {
        var banned = bannedSymbols
            .Select(l => l.Split(';')[0].Trim())
            .Where(l => l.Length > 2 && l[1] == ':')
            .ToList();
        var bannedTypes = banned.Where(b => b.StartsWith("T:", StringComparison.Ordinal)).Select(b => b[2..]).ToHashSet(StringComparer.Ordinal);
        var bannedMembers = banned.Where(b => b[0] is 'M' or 'P').Select(b => MemberName(b[2..])).ToHashSet(StringComparer.Ordinal);

        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var findings = new List<string>();

        foreach (var handle in md.TypeReferences)
        {
            var name = FullName(md, md.GetTypeReference(handle));
            if (bannedTypes.Contains(name))
            {
                findings.Add($"references banned type {name}");
            }
        }

        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var owner = FullName(md, md.GetTypeReference((TypeReferenceHandle)member.Parent));
            var name = md.GetString(member.Name);
            var plain = name.StartsWith("get_", StringComparison.Ordinal) ? name[4..] : name;
            if (bannedMembers.Contains($"{owner}.{name}") || bannedMembers.Contains($"{owner}.{plain}"))
            {
                findings.Add($"references banned member {owner}.{name}");
            }
        }

        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var qualified = $"{md.GetString(type.Name)}.{md.GetString(method.Name)}";
                if (method.RelativeVirtualAddress == 0 || (methodFilter is not null && !methodFilter(qualified)))
                {
                    continue;
                }

                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes() ?? [];
                foreach (var opcode in Instructions(il))
                {
                    if (FloatingPoint.Contains(opcode.Value))
                    {
                        findings.Add($"{qualified} uses floating point ({opcode.Name})");
                    }
                }
            }
        }

        return findings;
    }

    private static IEnumerable<OpCode> Instructions(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[++i]) : il[i];
            i++;
            if (!OpCodesByValue.TryGetValue(value, out var opcode))
            {
                throw new InvalidDataException($"unknown IL opcode 0x{value:X}");
            }

            yield return opcode;
            i += opcode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.ShortInlineR => 4,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }

    private static string MemberName(string documentationId)
    {
        var paren = documentationId.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? documentationId : documentationId[..paren];
    }

    private static string FullName(MetadataReader md, TypeReference type)
    {
        var name = md.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return FullName(md, md.GetTypeReference((TypeReferenceHandle)type.ResolutionScope)) + "." + name;
        }

        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
