using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds;

public enum FrameOutcome : byte
{
    /// <summary>One or more market events were committed to the sink.</summary>
    Events = 0,
    /// <summary>A protocol frame with no market data (subscribe ack, pong, heartbeat): counted, no slot.</summary>
    Control = 1,
    /// <summary>The frame could not be decoded; one rejected slot was committed with <see cref="FrameResult.Reason"/>.</summary>
    Rejected = 2,
}

/// <summary>What became of one frame: every received frame ends as exactly one of these.</summary>
public readonly record struct FrameResult(FrameOutcome Outcome, int EventCount, RejectReason Reason)
{
    public static FrameResult Control => new(FrameOutcome.Control, 0, RejectReason.None);
    public static FrameResult Events(int n) => new(FrameOutcome.Events, n, RejectReason.None);
    public static FrameResult Rejected(RejectReason reason) => new(FrameOutcome.Rejected, 0, reason);
}
