namespace LowLatencyCascade.Feeds.Venues;

/// <summary>What a decoder found when it looked for one field of an event.</summary>
internal enum FieldStatus : byte
{
    Absent = 0,
    Ok = 1,
    /// <summary>The field is there but its value is not what it should be (not a number, an escaped string, an object...).</summary>
    Bad = 2,
}
