namespace LowLatencyCascade.Engine.Events;

/// <summary>Why a frame became a <see cref="EventKind.Rejected"/> slot. Values index counters.</summary>
public enum RejectReason : byte
{
    None = 0,
    MalformedJson = 1,
    UnknownMessage = 2,
    MissingField = 3,
    BadNumber = 4,
    UnknownSymbol = 5,
    Oversized = 6,
    SymbolTableFull = 7,
    BadCaptureLine = 8,
    Duplicate = 9,
}

public static class RejectReasons
{
    public const int Count = 10;

    public static string Name(RejectReason r) => r switch
    {
        RejectReason.None => "none",
        RejectReason.MalformedJson => "malformed_json",
        RejectReason.UnknownMessage => "unknown_message",
        RejectReason.MissingField => "missing_field",
        RejectReason.BadNumber => "bad_number",
        RejectReason.UnknownSymbol => "unknown_symbol",
        RejectReason.Oversized => "oversized",
        RejectReason.SymbolTableFull => "symbol_table_full",
        RejectReason.BadCaptureLine => "bad_capture_line",
        RejectReason.Duplicate => "duplicate",
        _ => "other",
    };
}
