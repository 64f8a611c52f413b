namespace LowLatencyCascade.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("cascade: the host is being built; see README.md");
        return args.Length == 0 ? 0 : 2;
    }
}
