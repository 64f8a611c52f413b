using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Capture;

namespace LowLatencyCascade.Feeds.Simulation;

/// <summary>
/// Simulates a few minutes of three venues' perpetual markets with labelled liquidation cascades and writes
/// them as raw captures (one <c>.ndjson.gz</c> per venue, named like <see cref="CaptureFileName"/>) plus
/// <see cref="CascadeLabelFile.DefaultFileName"/>. Deterministic for a seed, and fast (a five-minute scenario in
/// well under two seconds), so <c>./run.sh</c> generates its default scenario at start instead of shipping one.
/// <para>The model, in 100 ms steps:</para>
/// <list type="bullet">
/// <item>Liquidations per symbol and venue are a self-exciting (Hawkes) process: intensity = baseline (scaled by
/// the symbol's size and the venue's share) + an excitation that jumps with every liquidation and decays
/// exponentially + the cascade shocks.</item>
/// <item>A cascade episode is an exogenous shock across most symbols and all three venues: it ramps up
/// quadratically to a peak over 5-20 s and decays exponentially (time constant 8-30 s), each venue lagging the
/// leader by 0.2-3 s. Sizes are lognormal with a Pareto tail; about 90% of liquidations in a cascade hit one
/// side (longs in a sell-off, whose price falls).</item>
/// <item>BTC follows a GBM with two volatility regimes (high during cascades); the others follow BTC by their
/// beta plus noise. Trades (Poisson) and best bid/ask updates are busier in cascades, spreads wider; mark price
/// and funding come every second (funding falls in a sell-off). Open interest falls in cascades; each venue holds
/// its own share of it (with a small drift of its own) and reports at its own cadence: Bybit with its ticker every
/// second, OKX every 3 s (Binance has no stream). Its draws come from a second generator seeded from the seed, so
/// the rest of the market is the same as without them.</item>
/// <item>Binance pushes at most one liquidation per symbol per second on <c>!forceOrder@arr</c> (the latest, as
/// it documents); Bybit and OKX push each.</item>
/// <item><see cref="ScenarioDifficulty.Hard"/>: busier baselines, every other cascade weak, and isolated
/// one-coin bursts labelled <c>is_cascade=false</c>.</item>
/// </list>
/// Labels per symbol: start = when its first venue starts ramping, peak = the maximum of its summed shock,
/// end = when its last venue has decayed to 5% (three time constants after the peak).
/// </summary>
public sealed class ScenarioGenerator(ScenarioOptions options)
{
    private const int StepMs = 100;
    private const int Venues = ExchangeInfo.Count;
    private static readonly string[] VenueWords = ["binance", "bybit", "okx"];
    private static readonly string[] Connections = ["futures", "linear", "swap"];
    private static readonly double[] VenueShare = [1.0, 0.7, 0.5];
    private static readonly double[] VenueOpenInterestShare = [1.0, 0.6, 0.3];
    private static readonly int[] VenueLatencyMs = [4, 9, 14];
    private const double HawkesJump = 0.4;      // intensity added per liquidation (1/s)
    private const double HawkesDecay = 1.0;     // 1/s

    public static ScenarioResult GenerateToDirectory(string directory, ScenarioOptions? options = null) =>
        new ScenarioGenerator(options ?? new ScenarioOptions()).GenerateToDirectory(directory);

    private sealed record Episode(int Number, double StartMs, double RampMs, double TauMs, int Direction, double Strength,
        double[] VenueLagMs, double[] SymbolLagMs, double[] Amplitude, double DropFraction)
    {
        public double Profile(double tMs, int symbol, int venue)
        {
            double x = tMs - StartMs - SymbolLagMs[symbol] - VenueLagMs[venue];
            if (x <= 0 || x > RampMs + 3 * TauMs) return 0;
            return x < RampMs ? (x / RampMs) * (x / RampMs) : Math.Exp(-(x - RampMs) / TauMs);
        }
    }

    private sealed record Burst(int Symbol, double StartMs, double DurationMs, double Rate, Side Side, int VenueMask = 0b111);

    /// <summary>A market-wide volatility shock: BTC and everything by its beta swing, liquidations only modestly up, both sides, open interest unchanged.</summary>
    private sealed record VolShock(double StartMs, double DurationMs, double SigmaMultiple, double LiquidationMultiple, int Direction, double Move);

    /// <summary>
    /// What <see cref="ScenarioOptions.Varied"/> draws per market (from a generator of its own): a quiet or busy day,
    /// per-symbol baseline rates, venue shares, how many symbols join each cascade and how strong it is.
    /// The plain market is all ones and the fixed shares.
    /// </summary>
    private sealed record Variety(double DayFactor, double[] SymbolRate, double[] VenueShare, double[] Participation, double[] EpisodeStrength)
    {
        public static Variety Plain(int n, int episodes) => new(1, Ones(n), [.. ScenarioGenerator.VenueShare],
            Enumerable.Repeat(0.85, episodes).ToArray(), Ones(episodes));

        public static Variety Draw(Random r, int n, int episodes) => new(
            Math.Clamp(Math.Exp(0.5 * Normal(r)), 0.4, 2.5),
            Enumerable.Range(0, n).Select(_ => Math.Clamp(Math.Exp(0.6 * Normal(r)), 0.3, 3.5)).ToArray(),
            ScenarioGenerator.VenueShare.Select(v => v * (0.5 + r.NextDouble())).ToArray(),
            Enumerable.Range(0, episodes).Select(_ => 0.5 + 0.45 * r.NextDouble()).ToArray(),
            Enumerable.Range(0, episodes).Select(_ => 0.7 + 0.6 * r.NextDouble()).ToArray());

        private static double[] Ones(int k) => Enumerable.Repeat(1.0, k).ToArray();
    }

    public ScenarioResult GenerateToDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(options.Seed);
        var symbols = options.Symbols;
        int n = symbols.Count;
        bool hard = options.Difficulty == ScenarioDifficulty.Hard;
        long startMs = options.Start.ToUnixTimeMilliseconds();
        double durationMs = options.Duration.TotalMilliseconds;

        bool varied = options.Varied;
        var varietyRandom = new Random(unchecked(options.Seed * 7919 + 3));
        var variety = varied ? Variety.Draw(varietyRandom, n, Math.Max(0, options.CascadeEpisodes)) : Variety.Plain(n, Math.Max(0, options.CascadeEpisodes));
        var venueShare = variety.VenueShare;
        var episodes = PlanEpisodes(random, n, durationMs, hard, variety);
        var bursts = hard && !varied ? PlanBursts(random, n, durationMs, episodes) : [];
        var shocks = new List<VolShock>();
        if (varied) PlanDecoys(varietyRandom, n, durationMs, episodes, bursts, shocks);

        var events = new List<SimulatedEvent>[Venues];
        for (int v = 0; v < Venues; v++) events[v] = [];
        var logPrice = symbols.Select(s => Math.Log(s.Price)).ToArray();
        var funding = new double[n];
        Array.Fill(funding, 0.0001);
        var openInterest = symbols.Select(s => 40_000_000 * s.Size / s.Price).ToArray();
        var venueDrift = Enumerable.Repeat(1.0, n * Venues).ToArray();
        var openInterestRandom = new Random(unchecked(options.Seed * 31 + 17));
        var excitation = new double[n * Venues];
        var peakValue = new double[episodes.Count * n];
        var peakTime = new double[episodes.Count * n];
        var liquidations = new int[Venues];
        double baseline = hard ? 0.05 : 0.02;
        bool volatile_ = false;
        long sequence = 1;
        var depth = options.Depth ? new SimulatedDepth(symbols, options.Seed) : null;
        double dt = StepMs / 1000.0;

        var shock = new double[n * Venues];
        var drift = new double[n];
        var stress = new double[n];
        for (double t = 0; t < durationMs; t += StepMs)
        {
            // Shocks, their share of each symbol's reference peak, and the drift they bring.
            double anyCascade = 0;
            Array.Clear(shock);
            Array.Clear(drift);
            Array.Clear(stress);
            for (int e = 0; e < episodes.Count; e++)
            {
                var ep = episodes[e];
                for (int s = 0; s < n; s++)
                {
                    if (ep.Amplitude[s] == 0) continue;
                    double total = 0;
                    for (int v = 0; v < Venues; v++)
                    {
                        double p = ep.Profile(t, s, v);
                        shock[s * Venues + v] += ep.Amplitude[s] * venueShare[v] * p;
                        total += p;
                    }
                    double mean = total / Venues;
                    stress[s] += mean * ep.Strength;
                    drift[s] += ep.Direction * ep.DropFraction * symbols[s].Beta * mean / ((ep.RampMs / 3 + ep.TauMs) / 1000);
                    if (total > peakValue[e * n + s]) { peakValue[e * n + s] = total; peakTime[e * n + s] = t; }
                    anyCascade = Math.Max(anyCascade, mean);
                }
            }

            // BTC volatility regime: a two-state Markov chain, forced high while a cascade runs.
            if (random.NextDouble() < (volatile_ ? 0.01 : 0.002)) volatile_ = !volatile_;
            double sigma = (volatile_ || anyCascade > 0.2 ? 0.0008 : 0.00025) * Math.Sqrt(dt);
            VolShock? activeShock = null;
            foreach (var vs in shocks) if (t >= vs.StartMs && t < vs.StartMs + vs.DurationMs) activeShock = vs;
            double shockDrift = 0;
            if (activeShock is { } sh)
            {
                sigma = 0.00025 * sh.SigmaMultiple * Math.Sqrt(dt);
                shockDrift = sh.Direction * sh.Move / (sh.DurationMs / 1000);
            }
            double btcReturn = sigma * Normal(random);
            for (int s = 0; s < n; s++)
            {
                double idio = s == 0 ? 0 : 0.5 * sigma * Normal(random);
                logPrice[s] += symbols[s].Beta * (btcReturn + shockDrift * dt) + idio + drift[s] * dt;
            }

            for (int s = 0; s < n; s++)
            {
                var sym = symbols[s];
                double price = Math.Exp(logPrice[s]);
                double level = Math.Min(1, stress[s]);
                double liquidationMultiple = 1;
                if (activeShock is { } shockNow) { level = Math.Max(level, 0.5); liquidationMultiple = shockNow.LiquidationMultiple; }
                Side cascadeSide = Side.None;
                foreach (var ep in episodes) if (ep.Amplitude[s] > 0 && ep.Profile(t, s, 0) > 0) cascadeSide = ep.Direction < 0 ? Side.Long : Side.Short;
                double burstRate = 0;
                Side burstSide = Side.None;
                int burstVenues = 0b111;
                foreach (var b in bursts)
                {
                    if (b.Symbol == s && t >= b.StartMs && t < b.StartMs + b.DurationMs) { burstRate += b.Rate; burstSide = b.Side; burstVenues = b.VenueMask; }
                }

                for (int v = 0; v < Venues; v++)
                {
                    int k = s * Venues + v;
                    double quiet = baseline * variety.DayFactor * variety.SymbolRate[s] * sym.Size * venueShare[v];
                    double lambda = quiet * liquidationMultiple + excitation[k] + shock[k] + ((burstVenues >> v & 1) != 0 ? burstRate * venueShare[v] : 0);
                    int count = Poisson(random, lambda * dt);
                    excitation[k] *= Math.Exp(-HawkesDecay * dt);
                    for (int i = 0; i < count; i++)
                    {
                        excitation[k] += HawkesJump;
                        Side side = cascadeSide != Side.None && shock[k] > baseline * sym.Size
                            ? (random.NextDouble() < 0.9 ? cascadeSide : Opposite(cascadeSide))
                            : burstSide != Side.None ? burstSide : (random.NextDouble() < 0.5 ? Side.Long : Side.Short);
                        double notional = LiquidationNotional(random, sym, level);
                        double liqPrice = price * (side == Side.Long ? 0.9995 : 1.0005);
                        double qty = RoundQuantity(notional / liqPrice, sym);
                        Add(events[v], v, t + random.NextDouble() * StepMs, SimulatedKind.Liquidation, s, side, liqPrice, qty, ref sequence, random);
                        liquidations[v]++;
                    }

                    int trades = Poisson(random, 3 * Math.Max(0.1, sym.Size) * (1 + 3 * level) * dt);
                    for (int i = 0; i < trades; i++)
                    {
                        Side taker = random.NextDouble() < (cascadeSide == Side.Long ? 0.3 : cascadeSide == Side.Short ? 0.7 : 0.5) ? Side.Long : Side.Short;
                        double qty = RoundQuantity(2_000 * sym.Size * Math.Exp(Normal(random)) / price, sym);
                        Add(events[v], v, t + random.NextDouble() * StepMs, SimulatedKind.Trade, s, taker, price, qty, ref sequence, random);
                    }

                    if (Poisson(random, 2 * (1 + 3 * level) * dt) > 0)
                    {
                        double tick = Math.Pow(10, -sym.PriceDecimals);
                        double half = Math.Max(tick, price * 0.00005 * (1 + 8 * level));
                        var quote = NewEvent(v, t + random.NextDouble() * StepMs, SimulatedKind.Quote, s, ref sequence, random);
                        quote.Bid = Math.Round((price - half) / tick) * tick;
                        quote.Ask = Math.Max(quote.Bid + tick, Math.Round((price + half) / tick) * tick);
                        quote.BidQuantity = RoundQuantity(20_000 * sym.Size * (1 + random.NextDouble()) / price, sym);
                        quote.AskQuantity = RoundQuantity(20_000 * sym.Size * (1 + random.NextDouble()) / price, sym);
                        events[v].Add(quote);
                    }
                }
                depth?.Step(t, s, price, level, stress[s], events, Venues, VenueLatencyMs);

                // Every second: mark price and funding; every third second: open interest.
                if ((long)t % 1000 == 0)
                {
                    double target = 0.0001;
                    foreach (var ep in episodes) if (ep.Amplitude[s] > 0) target += ep.Direction * 0.0009 * ep.Strength * ep.Profile(t, s, 0);
                    funding[s] += (target - funding[s]) * 0.08 + 0.000002 * Normal(random);
                    // A cascade's liquidations close positions: open interest falls. A volatility shock without them does not.
                    openInterest[s] *= 1 - 0.002 * Math.Min(1, stress[s]) + 0.0002 * Normal(random);
                    for (int v = 0; v < Venues; v++)
                    {
                        venueDrift[s * Venues + v] *= 1 + 0.0001 * Normal(openInterestRandom);
                        double venueOpenInterest = openInterest[s] * VenueOpenInterestShare[v] * venueDrift[s * Venues + v];
                        var mark = NewEvent(v, t, SimulatedKind.MarkFunding, s, ref sequence, random);
                        mark.Price = price;
                        mark.Index = price * (1 - 0.0001 * Normal(random));
                        mark.Funding = funding[s];
                        mark.OpenInterest = venueOpenInterest;
                        double half = price * 0.00005;
                        mark.Bid = price - half; mark.Ask = price + half;
                        mark.BidQuantity = RoundQuantity(20_000 * sym.Size / price, sym);
                        mark.AskQuantity = mark.BidQuantity;
                        events[v].Add(mark);
                        bool third = (long)t % 3000 == 0;
                        if ((third || v == (int)Exchange.Bybit) && VenueFrameFormatter.Emits((Exchange)v, SimulatedKind.OpenInterest))
                        {
                            var oi = NewEvent(v, t + 1, SimulatedKind.OpenInterest, s, ref sequence, third ? random : openInterestRandom);
                            oi.Price = price;
                            oi.OpenInterest = venueOpenInterest;
                            events[v].Add(oi);
                        }
                    }
                }
            }
        }

        events[0] = BinanceOnePerSymbolSecond(events[0]);
        var files = new List<string>();
        long frames = 0;
        var formatter = new VenueFrameFormatter(symbols);
        for (int v = 0; v < Venues; v++)
        {
            var list = events[v];
            list.Sort((a, b) => a.LocalTicks != b.LocalTicks ? a.LocalTicks.CompareTo(b.LocalTicks) : a.Sequence.CompareTo(b.Sequence));
            using var writer = new CaptureFileWriter(new CaptureFileOptions { Directory = directory, Exchange = VenueWords[v], Connection = Connections[v] });
            foreach (var e in list)
            {
                var shifted = e;
                shifted.TimeMs += startMs;
                shifted.LocalTicks += startMs * TimeSpan.TicksPerMillisecond;
                writer.TryWriteFrame(formatter.Format((Exchange)v, shifted), shifted.LocalTicks);
                frames++;
            }
            files.AddRange(writer.Files);
        }

        var labels = Labels(episodes, bursts, peakTime, n, startMs);
        int decoyNumber = labels.Count == 0 ? 0 : labels.Max(l => l.Episode);
        foreach (var vs in shocks)
        {
            decoyNumber++;
            for (int s = 0; s < n; s++)
            {
                labels.Add(new CascadeLabel(symbols[s].Symbol, startMs + (long)vs.StartMs, startMs + (long)(vs.StartMs + vs.DurationMs / 2),
                    startMs + (long)(vs.StartMs + vs.DurationMs), false, decoyNumber, Side.None));
            }
        }
        string labelFile = Path.Combine(directory, CascadeLabelFile.DefaultFileName);
        CascadeLabelFile.Write(labelFile, labels);
        var byVenue = new Dictionary<string, int>();
        for (int v = 0; v < Venues; v++) byVenue[VenueWords[v]] = liquidations[v];
        return new ScenarioResult(files, labelFile, labels, frames, byVenue);
    }

    private List<Episode> PlanEpisodes(Random random, int n, double durationMs, bool hard, Variety variety)
    {
        var episodes = new List<Episode>();
        int count = options.CascadeEpisodes;
        if (count <= 0) return episodes;
        double quiet = Math.Clamp(options.QuietStart.TotalMilliseconds, 0, durationMs);
        double slot = (durationMs - quiet) / count;
        for (int e = 0; e < count; e++)
        {
            double ramp = 5_000 + random.NextDouble() * 15_000;
            double tau = 8_000 + random.NextDouble() * 22_000;
            double fit = slot * 0.6 - 5_000;                    // leave room for lags and a quiet gap
            if (ramp + 3 * tau > fit) { double k = Math.Max(0.1, fit / (ramp + 3 * tau)); ramp *= k; tau *= k; }
            double start = quiet + e * slot + random.NextDouble() * slot * 0.1 + slot * 0.1;
            int direction = random.NextDouble() < 0.8 ? -1 : 1;
            bool weak = hard && e % 2 == 1;
            double strength = (weak ? 0.25 : 1.0) * variety.EpisodeStrength[e];
            var venueLag = new double[Venues];
            int leader = random.Next(Venues);
            for (int v = 0; v < Venues; v++) venueLag[v] = v == leader ? 0 : 200 + random.NextDouble() * 2_800;
            var symbolLag = new double[n];
            var amplitude = new double[n];
            for (int s = 0; s < n; s++)
            {
                symbolLag[s] = s == 0 ? 0 : random.NextDouble() * 1_500;
                bool joins = s == 0 || random.NextDouble() < variety.Participation[e];
                amplitude[s] = joins ? 12 * strength * options.Symbols[s].Size * (0.7 + 0.6 * random.NextDouble()) : 0;
            }
            double drop = (0.01 + random.NextDouble() * 0.02) * Math.Min(1, strength);
            episodes.Add(new Episode(e + 1, start, ramp, tau, direction, strength, venueLag, symbolLag, amplitude, drop));
        }
        return episodes;
    }

    /// <summary>
    /// <see cref="ScenarioOptions.Varied"/> markets' decoys, in each quiet gap (after every episode, and before the first
    /// when there is room): a market-wide volatility shock (20-60 s, BTC volatility 4-8 times its calm level, a 0.5-2 %
    /// swing by beta, liquidations 2-5 times the day's rate on both sides, open interest unchanged) and, after it, a
    /// one-sided burst (4-15 s, 3-10 liquidations/s) in one coin, mostly a small one, on one venue or all three (normal and hard alike).
    /// </summary>
    private static void PlanDecoys(Random random, int n, double durationMs, List<Episode> episodes, List<Burst> bursts, List<VolShock> shocks)
    {
        var gaps = new List<(double From, double To)>();
        double quiet = episodes.Count > 0 ? episodes[0].StartMs - 15_000 : durationMs - 15_000;
        if (quiet > 60_000) gaps.Add((30_000, quiet));
        for (int e = 0; e < episodes.Count; e++)
        {
            var ep = episodes[e];
            double from = ep.StartMs + ep.VenueLagMs.Max() + 1_500 + ep.RampMs + 3 * ep.TauMs + 20_000;
            double to = (e + 1 < episodes.Count ? episodes[e + 1].StartMs : durationMs) - 15_000;
            if (to > from) gaps.Add((from, to));
        }
        foreach (var (from, to) in gaps)
        {
            double length = to - from;
            double shockEnd = from;
            if (length >= 45_000)
            {
                double duration = Math.Min(20_000 + random.NextDouble() * 40_000, length * 0.5);
                double start = from + random.NextDouble() * (length * 0.55 - duration);
                shocks.Add(new VolShock(start, duration, 4 + 4 * random.NextDouble(), 2 + 3 * random.NextDouble(),
                    random.NextDouble() < 0.5 ? -1 : 1, 0.005 + 0.015 * random.NextDouble()));
                shockEnd = start + duration + 15_000;
            }
            if (n < 2) continue;
            double burstDuration = 4_000 + random.NextDouble() * 11_000;
            if (to - shockEnd < burstDuration) continue;
            double burstStart = shockEnd + random.NextDouble() * (to - shockEnd - burstDuration);
            // Mostly a small coin: the upper half of the list (the defaults are ordered by size).
            int symbol = random.NextDouble() < 0.75 ? n / 2 + random.Next(n - n / 2) : 1 + random.Next(n - 1);
            int venues = random.NextDouble() < 0.5 ? 1 << random.Next(Venues) : 0b111;
            bursts.Add(new Burst(symbol, burstStart, burstDuration, 3 + 7 * random.NextDouble(), random.NextDouble() < 0.5 ? Side.Long : Side.Short, venues));
        }
    }

    private static List<Burst> PlanBursts(Random random, int n, double durationMs, List<Episode> episodes)
    {
        var bursts = new List<Burst>();
        if (n < 2) return bursts;
        for (int e = 0; e < episodes.Count; e++)
        {
            // In the quiet gap after the episode, away from its tail and from the next one's start: a short
            // one-coin burst, not a cascade.
            var ep = episodes[e];
            double from = ep.StartMs + ep.VenueLagMs.Max() + 1_500 + ep.RampMs + 3 * ep.TauMs + 20_000;
            double to = (e + 1 < episodes.Count ? episodes[e + 1].StartMs : durationMs) - 15_000;
            double duration = 3_000 + random.NextDouble() * 5_000;
            double start = from + random.NextDouble() * Math.Max(0, to - duration - from);
            int symbol = 1 + random.Next(n - 1);
            double rate = 3 + random.NextDouble() * 3;
            Side side = random.NextDouble() < 0.5 ? Side.Long : Side.Short;
            if (start + duration > to) continue;
            bursts.Add(new Burst(symbol, start, duration, rate, side));
        }
        return bursts;
    }

    private List<CascadeLabel> Labels(List<Episode> episodes, List<Burst> bursts, double[] peakTime, int n, long startMs)
    {
        var labels = new List<CascadeLabel>();
        for (int e = 0; e < episodes.Count; e++)
        {
            var ep = episodes[e];
            for (int s = 0; s < n; s++)
            {
                if (ep.Amplitude[s] == 0) continue;
                double from = ep.StartMs + ep.SymbolLagMs[s] + ep.VenueLagMs.Min();
                double to = ep.StartMs + ep.SymbolLagMs[s] + ep.VenueLagMs.Max() + ep.RampMs + 3 * ep.TauMs;
                labels.Add(new CascadeLabel(options.Symbols[s].Symbol, startMs + (long)from, startMs + (long)peakTime[e * n + s],
                    startMs + (long)to, true, ep.Number, ep.Direction < 0 ? Side.Long : Side.Short));
            }
        }
        int number = episodes.Count;
        foreach (var b in bursts)
        {
            labels.Add(new CascadeLabel(options.Symbols[b.Symbol].Symbol, startMs + (long)b.StartMs, startMs + (long)(b.StartMs + b.DurationMs / 2),
                startMs + (long)(b.StartMs + b.DurationMs), false, ++number, b.Side));
        }
        return labels;
    }

    // Binance's forceOrder stream pushes only the latest liquidation of a symbol within each second.
    private static List<SimulatedEvent> BinanceOnePerSymbolSecond(List<SimulatedEvent> events)
    {
        var latest = new Dictionary<(int Symbol, long Second), int>();
        for (int i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Kind != SimulatedKind.Liquidation) continue;
            var key = (e.Symbol, e.TimeMs / 1000);
            if (!latest.TryGetValue(key, out int j) || events[j].TimeMs <= e.TimeMs) latest[key] = i;
        }
        var keep = new HashSet<int>(latest.Values);
        var result = new List<SimulatedEvent>(events.Count);
        for (int i = 0; i < events.Count; i++) if (events[i].Kind != SimulatedKind.Liquidation || keep.Contains(i)) result.Add(events[i]);
        return result;
    }

    private static SimulatedEvent NewEvent(int venue, double tMs, SimulatedKind kind, int symbol, ref long sequence, Random random)
    {
        long timeMs = (long)tMs;
        double latencyMs = VenueLatencyMs[venue] + random.NextDouble() * 10;
        return new SimulatedEvent
        {
            TimeMs = timeMs,
            LocalTicks = (long)((timeMs + latencyMs) * TimeSpan.TicksPerMillisecond),
            Sequence = sequence++,
            Symbol = symbol,
            Kind = kind,
        };
    }

    private static void Add(List<SimulatedEvent> list, int venue, double tMs, SimulatedKind kind, int symbol, Side side, double price, double qty, ref long sequence, Random random)
    {
        var e = NewEvent(venue, tMs, kind, symbol, ref sequence, random);
        e.Side = side;
        e.Price = price;
        e.Quantity = qty;
        list.Add(e);
    }

    private static double LiquidationNotional(Random random, ScenarioSymbol symbol, double stress)
    {
        double median = 8_000 * Math.Sqrt(symbol.Size) * (1 + 2 * stress);
        double notional = median * Math.Exp(1.0 * Normal(random));
        if (random.NextDouble() < 0.08) notional *= Math.Min(200, Math.Pow(1 - random.NextDouble(), -1 / 1.3)); // Pareto tail
        return notional;
    }

    private static double RoundQuantity(double quantity, ScenarioSymbol symbol)
    {
        double step = Math.Pow(10, -symbol.QuantityDecimals);
        return Math.Max(step, Math.Round(quantity / step) * step);
    }

    private static Side Opposite(Side side) => side == Side.Long ? Side.Short : Side.Long;

    private static double Normal(Random random)
    {
        double u1 = 1 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static int Poisson(Random random, double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 30) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal(random)));
        double limit = Math.Exp(-mean), product = random.NextDouble();
        int k = 0;
        while (product > limit) { k++; product *= random.NextDouble(); }
        return k;
    }
}
