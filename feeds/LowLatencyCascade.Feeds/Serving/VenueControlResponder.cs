using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace LowLatencyCascade.Feeds.Serving;

/// <summary>
/// Answers a client's control messages the way each venue's public market-data server does, through the venue's own
/// responder in its folder (<c>BinanceServerResponder</c>, <c>BybitServerResponder</c>, <c>OkxServerResponder</c>):
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
        Engine.Events.Exchange.Binance => Binance.BinanceServerResponder.Handle(session, message),
        Engine.Events.Exchange.Bybit => Bybit.BybitServerResponder.Handle(session, message),
        _ => Okx.OkxServerResponder.Handle(session, message),
    };

    internal static void WriteRawOrNull(Utf8JsonWriter w, string name, JsonElement root, string property)
    {
        w.WritePropertyName(name);
        if (root.TryGetProperty(property, out var value)) w.WriteRawValue(value.GetRawText());
        else w.WriteNullValue();
    }

    internal static byte[] Json(Action<Utf8JsonWriter> body)
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

    internal static bool TryParse(ReadOnlySpan<byte> message, [NotNullWhen(true)] out JsonDocument? doc)
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
}
