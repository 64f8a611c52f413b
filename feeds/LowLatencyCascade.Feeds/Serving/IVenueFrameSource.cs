namespace LowLatencyCascade.Feeds.Serving;

/// <summary>
/// Frames for <see cref="VenueWebSocketServer"/> to play, in local-time order (a capture file, a synthetic
/// scenario, a test's list). The frame memory must stay valid until the server has sent it: a source that
/// reuses buffers must not, so sources hand out memory they do not overwrite.
/// </summary>
public interface IVenueFrameSource
{
    IAsyncEnumerable<VenueFrame> ReadFramesAsync(CancellationToken cancellationToken);
}
