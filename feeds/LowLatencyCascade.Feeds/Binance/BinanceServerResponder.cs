using System.Text;
using System.Text.Json;
using LowLatencyCascade.Feeds.Serving;
using static LowLatencyCascade.Feeds.Serving.VenueControlResponder;

namespace LowLatencyCascade.Feeds.Binance;

/// <summary>Binance's server side of a client message: <c>SUBSCRIBE</c> answered with <c>{"result":null,"id":..}</c>; a stream of the other route is acknowledged but delivers nothing; a retired unrouted path answers nothing. Used by the local venue server (<c>cascade serve</c>, the tests).</summary>
internal static class BinanceServerResponder
{
    public static ClientAction Handle(VenueSession session, ReadOnlySpan<byte> message)
    {
        if (session.BinanceRoute is null) return ClientAction.None; // a retired path answers nothing
        if (!VenueControlResponder.TryParse(message, out var doc)) return ClientAction.None;
        using (doc)
        {
            var root = doc.RootElement;
            if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString() != "SUBSCRIBE")
                return ClientAction.None;
            if (root.TryGetProperty("params", out var args) && args.ValueKind == JsonValueKind.Array)
                session.Subscribe(args.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => SubscriptionTopic.Stream(a.GetString()!)));
            session.TryEnqueueControl(VenueControlResponder.Json(w =>
            {
                w.WriteNull("result");
                VenueControlResponder.WriteRawOrNull(w, "id", root, "id");
            }));
            return ClientAction.Subscribe;
        }
    }
}
