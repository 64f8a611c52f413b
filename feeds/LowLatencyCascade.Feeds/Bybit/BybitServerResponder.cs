using System.Text;
using System.Text.Json;
using LowLatencyCascade.Feeds.Serving;
using static LowLatencyCascade.Feeds.Serving.VenueControlResponder;

namespace LowLatencyCascade.Feeds.Bybit;

/// <summary>Bybit v5's server side of a client message: <c>subscribe</c> answered with <c>success</c>, <c>{"op":"ping"}</c> with <c>"ret_msg":"pong"</c>. Used by the local venue server (<c>cascade serve</c>, the tests).</summary>
internal static class BybitServerResponder
{
    public static ClientAction Handle(VenueSession session, ReadOnlySpan<byte> message)
    {
        if (!VenueControlResponder.TryParse(message, out var doc)) return ClientAction.None;
        using (doc)
        {
            var root = doc.RootElement;
            string? op = root.TryGetProperty("op", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            string? reqId = root.TryGetProperty("req_id", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            switch (op)
            {
                case "subscribe" when session.TakeSubscribeFailure():
                    // A refused subscription, as Bybit answers one (fault injection): nothing is subscribed.
                    session.TryEnqueueControl(VenueControlResponder.Json(w =>
                    {
                        w.WriteBoolean("success", false);
                        w.WriteString("ret_msg", "error:handler not found,topic:" + (root.TryGetProperty("args", out var refused) ? refused.GetRawText() : ""));
                        w.WriteString("conn_id", session.ConnId);
                        w.WriteString("req_id", reqId ?? "");
                        w.WriteString("op", "subscribe");
                    }));
                    return ClientAction.Subscribe;
                case "subscribe":
                    if (root.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array)
                        session.Subscribe(args.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => SubscriptionTopic.Stream(a.GetString()!)));
                    session.TryEnqueueControl(VenueControlResponder.Json(w =>
                    {
                        w.WriteBoolean("success", true);
                        w.WriteString("ret_msg", "");
                        w.WriteString("conn_id", session.ConnId);
                        w.WriteString("req_id", reqId ?? "");
                        w.WriteString("op", "subscribe");
                    }));
                    return ClientAction.Subscribe;
                case "ping":
                    session.TryEnqueueControl(VenueControlResponder.Json(w =>
                    {
                        w.WriteBoolean("success", true);
                        w.WriteString("ret_msg", "pong");
                        w.WriteString("conn_id", session.ConnId);
                        if (reqId is not null) w.WriteString("req_id", reqId);
                        w.WriteString("op", "ping");
                    }));
                    return ClientAction.Ping;
                default:
                    return ClientAction.None;
            }
        }
    }
}
