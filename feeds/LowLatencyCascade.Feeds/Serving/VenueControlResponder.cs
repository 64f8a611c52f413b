using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace LowLatencyCascade.Feeds.Serving;

/// <summary>
/// Answers a client's control messages the way each venue's public market-data server does.
/// <list type="bullet">
/// <item>Binance: <c>{"method":"SUBSCRIBE","params":[...],"id":1}</c> → <c>{"result":null,"id":1}</c> (streams usually come in the URL;
/// a stream of the other route is acknowledged but delivers nothing; a retired unrouted path answers nothing).</item>
/// <item>Bybit: <c>{"op":"subscribe","args":[...]}</c> → <c>{"success":true,"ret_msg":"","conn_id":..,"req_id":..,"op":"subscribe"}</c>;
/// <c>{"op":"ping"}</c> → <c>{"success":true,"ret_msg":"pong","conn_id":..,"op":"ping"}</c>.</item>
/// <item>OKX: <c>{"op":"subscribe","args":[{..},..]}</c> → one <c>{"event":"subscribe","arg":{..},"connId":..}</c> per arg;
/// the text <c>ping</c> → <c>pong</c>; anything unreadable → <c>{"event":"error","code":"60012",..}</c>.</item>
/// </list>
/// Not a hot path (clients send a handful of these), so plain <see cref="JsonDocument"/> is fine here.
/// </summary>
internal static class VenueControlResponder
{
    public enum ClientAction { None, Subscribe, Ping }

    /// <summary>Handles one client message; returns what it was so the server can count it.</summary>
    public static ClientAction Handle(VenueSession session, ReadOnlySpan<byte> message) => session.Exchange switch
    {
        Engine.Events.Exchange.Binance => Binance(session, message),
        Engine.Events.Exchange.Bybit => Bybit(session, message),
        _ => Okx(session, message),
    };

    private static ClientAction Binance(VenueSession session, ReadOnlySpan<byte> message)
    {
        if (session.BinanceRoute is null) return ClientAction.None; // a retired path answers nothing
        if (!TryParse(message, out var doc)) return ClientAction.None;
        using (doc)
        {
            var root = doc.RootElement;
            if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString() != "SUBSCRIBE")
                return ClientAction.None;
            if (root.TryGetProperty("params", out var args) && args.ValueKind == JsonValueKind.Array)
                session.Subscribe(args.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => SubscriptionTopic.Stream(a.GetString()!)));
            session.TryEnqueueControl(Json(w =>
            {
                w.WriteNull("result");
                WriteRawOrNull(w, "id", root, "id");
            }));
            return ClientAction.Subscribe;
        }
    }

    private static ClientAction Bybit(VenueSession session, ReadOnlySpan<byte> message)
    {
        if (!TryParse(message, out var doc)) return ClientAction.None;
        using (doc)
        {
            var root = doc.RootElement;
            string? op = root.TryGetProperty("op", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            string? reqId = root.TryGetProperty("req_id", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            switch (op)
            {
                case "subscribe":
                    if (root.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array)
                        session.Subscribe(args.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => SubscriptionTopic.Stream(a.GetString()!)));
                    session.TryEnqueueControl(Json(w =>
                    {
                        w.WriteBoolean("success", true);
                        w.WriteString("ret_msg", "");
                        w.WriteString("conn_id", session.ConnId);
                        w.WriteString("req_id", reqId ?? "");
                        w.WriteString("op", "subscribe");
                    }));
                    return ClientAction.Subscribe;
                case "ping":
                    session.TryEnqueueControl(Json(w =>
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

    private static ClientAction Okx(VenueSession session, ReadOnlySpan<byte> message)
    {
        if (message.SequenceEqual("ping"u8))
        {
            session.TryEnqueueControl("pong"u8.ToArray());
            return ClientAction.Ping;
        }
        if (!TryParse(message, out var doc))
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
            var topics = new List<SubscriptionTopic>();
            foreach (var arg in args.EnumerateArray())
            {
                if (SubscriptionTopic.OkxArg(arg) is not { } topic)
                {
                    session.TryEnqueueControl(OkxError(session, "Invalid request: arg needs a channel: " + arg.GetRawText()));
                    continue;
                }
                topics.Add(topic);
                session.TryEnqueueControl(Json(w =>
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

    private static byte[] OkxError(VenueSession session, string detail) => Json(w =>
    {
        w.WriteString("event", "error");
        w.WriteString("code", "60012");
        w.WriteString("msg", detail);
        w.WriteString("connId", session.ConnId);
    });

    private static bool TryParse(ReadOnlySpan<byte> message, [NotNullWhen(true)] out JsonDocument? doc)
    {
        try
        {
            var reader = new Utf8JsonReader(message);
            doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind == JsonValueKind.Object) return true;
            doc.Dispose();
        }
        catch (JsonException)
        {
        }
        doc = null;
        return false;
    }

    private static void WriteRawOrNull(Utf8JsonWriter w, string name, JsonElement root, string property)
    {
        w.WritePropertyName(name);
        if (root.TryGetProperty(property, out var value)) w.WriteRawValue(value.GetRawText());
        else w.WriteNullValue();
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
