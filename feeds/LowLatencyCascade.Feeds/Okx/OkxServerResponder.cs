using System.Text;
using System.Text.Json;
using LowLatencyCascade.Feeds.Serving;
using static LowLatencyCascade.Feeds.Serving.VenueControlResponder;

namespace LowLatencyCascade.Feeds.Okx;

/// <summary>OKX v5's server side of a client message: the text <c>ping</c> answered with <c>pong</c>, <c>subscribe</c> with one event per arg, anything unreadable with error 60012. Used by the local venue server (<c>cascade serve</c>, the tests).</summary>
internal static class OkxServerResponder
{
    public static ClientAction Handle(VenueSession session, ReadOnlySpan<byte> message)
    {
        if (message.SequenceEqual("ping"u8))
        {
            session.TryEnqueueControl("pong"u8.ToArray());
            return ClientAction.Ping;
        }
        if (!VenueControlResponder.TryParse(message, out var doc))
        {
            session.TryEnqueueControl(OkxError(session, "Invalid request: " + Encoding.UTF8.GetString(message)));
            return ClientAction.None;
        }
        using (doc)
        {
            var root = doc.RootElement;
            string? op = root.TryGetProperty("op", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            if (op != "subscribe" || !root.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Array)
            {
                session.TryEnqueueControl(OkxError(session, "Invalid request: " + Encoding.UTF8.GetString(message)));
                return ClientAction.None;
            }
            if (session.TakeSubscribeFailure())
            {
                // A refused subscription, as OKX answers one (fault injection): nothing is subscribed.
                session.TryEnqueueControl(VenueControlResponder.Json(w =>
                {
                    w.WriteString("event", "error");
                    w.WriteString("code", "60018");
                    w.WriteString("msg", "Wrong URL or channel:" + args.GetRawText());
                    w.WriteString("connId", session.ConnId);
                }));
                return ClientAction.Subscribe;
            }
            var topics = new List<SubscriptionTopic>();
            foreach (var arg in args.EnumerateArray())
            {
                if (SubscriptionTopic.OkxArg(arg) is not { } topic)
                {
                    session.TryEnqueueControl(OkxError(session, "Invalid request: arg needs a channel: " + arg.GetRawText()));
                    continue;
                }
                topics.Add(topic);
                session.TryEnqueueControl(VenueControlResponder.Json(w =>
                {
                    w.WriteString("event", "subscribe");
                    w.WritePropertyName("arg");
                    w.WriteRawValue(arg.GetRawText());
                    w.WriteString("connId", session.ConnId);
                }));
            }
            session.Subscribe(topics);
            return ClientAction.Subscribe;
        }
    }

    private static byte[] OkxError(VenueSession session, string detail) => VenueControlResponder.Json(w =>
    {
        w.WriteString("event", "error");
        w.WriteString("code", "60012");
        w.WriteString("msg", detail);
        w.WriteString("connId", session.ConnId);
    });
}
