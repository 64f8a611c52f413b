using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Builds a stage's <see cref="StageLoop{T}"/> once, when the stage is built: it picks struct wrappers for the
/// handler's concrete class, the wait strategy and the sequences followed, and instantiates the loop over them.
/// The handler wrapper is a struct emitted at run time (one per handler class) whose <c>OnEvent</c> calls the
/// class's method directly, so the JIT inlines it into the loop; where run-time code generation is not
/// available (NativeAOT) or the class cannot be named (a collectible assembly), the loop falls back to one
/// interface call per event and stays correct.
/// </summary>
internal static class StageLoopFactory
{
    /// <summary>The loop for one stage; <paramref name="directHandler"/> says whether it calls the handler class directly.</summary>
    internal static StageLoop<T> Create<T>(RingBuffer<T> ring, ISequenceBarrier barrier, IEventHandler<T> handler, out bool directHandler)
        where T : struct
    {
        var (invokerType, invoker) = HandlerInvokers.Create(handler);
        directHandler = invokerType != typeof(InterfaceHandlerInvoker<T>);
        var (waiterType, waiter) = CreateWaiter(barrier, ring.WaitStrategy);
        return Instantiate<T>(ring, invokerType, invoker, waiterType, waiter);
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "struct instantiations; the interface fallback needs no code generation")]
    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "the generic loop types are kept by their direct references")]
    [UnconditionalSuppressMessage("Trimming", "IL2077", Justification = "the generic loop types are kept by their direct references")]
    private static StageLoop<T> Instantiate<T>(RingBuffer<T> ring, Type invokerType, object invoker, Type waiterType, object waiter)
        where T : struct
    {
        if (invokerType == typeof(InterfaceHandlerInvoker<T>) && waiterType == typeof(InterfaceStageWaiter))
        {
            return new StageLoop<T, InterfaceHandlerInvoker<T>, InterfaceStageWaiter>(ring, (InterfaceHandlerInvoker<T>)invoker, (InterfaceStageWaiter)waiter);
        }
        var loopType = typeof(StageLoop<,,>).MakeGenericType(typeof(T), invokerType, waiterType);
        return (StageLoop<T>)Activator.CreateInstance(loopType, ring, invoker, waiter)!;
    }

    private static (Type, object) CreateWaiter(ISequenceBarrier barrier, IWaitStrategy waitStrategy)
    {
        if (barrier is not ProcessingSequenceBarrier processing || !ReferenceEquals(processing.WaitStrategy, waitStrategy))
        {
            return (typeof(InterfaceStageWaiter), new InterfaceStageWaiter(barrier, waitStrategy));
        }

        var upstream = processing.DependentSequences;
        var (depsType, deps) = upstream.Length switch
        {
            0 => (typeof(SingleDependentSequence), (object)new SingleDependentSequence(processing.CursorSequence)),
            1 => (typeof(SingleDependentSequence), new SingleDependentSequence(upstream[0])),
            _ => (typeof(GroupDependentSequence), (object)new GroupDependentSequence(upstream)),
        };
        var (waitType, wait) = waitStrategy switch
        {
            BusySpinWaitStrategy => (typeof(BusySpinWaitPolicy), (object)default(BusySpinWaitPolicy)),
            YieldingWaitStrategy => (typeof(YieldingWaitPolicy), default(YieldingWaitPolicy)),
            _ => (typeof(InterfaceWaitPolicy), new InterfaceWaitPolicy(waitStrategy, processing.CursorSequence, processing.DependentSequence)),
        };
        var waiterType = typeof(BarrierStageWaiter<,>).MakeGenericType(waitType, depsType);
        var waiter = Activator.CreateInstance(waiterType, processing, wait, deps)!;
        return (waiterType, waiter);
    }
}

/// <summary>Emits, once per handler class, a struct whose <c>OnEvent</c> calls that class's method directly.</summary>
internal static class HandlerInvokers
{
    private static readonly ConcurrentDictionary<(Type Handler, Type Event), Type?> Cache = new();
    private static readonly Lock Gate = new();
    private static ModuleBuilder? _module;
    private static AssemblyBuilder? _assembly;
    private static readonly HashSet<string> AccessGranted = [];
    private static int _counter;

    public static (Type, object) Create<T>(IEventHandler<T> handler) where T : struct
    {
        var handlerType = handler.GetType();
        Type? invokerType = RuntimeFeature.IsDynamicCodeSupported && !handlerType.IsValueType
            ? Cache.GetOrAdd((handlerType, typeof(T)), static key => TryEmit(key.Handler, key.Event))
            : null;
        if (invokerType is null) return (typeof(InterfaceHandlerInvoker<T>), new InterfaceHandlerInvoker<T>(handler));
        try
        {
            return (invokerType, Activator.CreateInstance(invokerType, handler)!);
        }
        catch (Exception)
        {
            return (typeof(InterfaceHandlerInvoker<T>), new InterfaceHandlerInvoker<T>(handler));
        }
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "only reached when dynamic code is supported")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "the interface map of a live handler's own type")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "the interface map of a live handler's own type")]
    private static Type? TryEmit(Type handlerType, Type eventType)
    {
        try
        {
            if (handlerType.Assembly.IsCollectible || handlerType.ContainsGenericParameters) return null;
            var handlerInterface = typeof(IEventHandler<>).MakeGenericType(eventType);
            var map = handlerType.GetInterfaceMap(handlerInterface);
            var target = map.TargetMethods[Array.FindIndex(map.InterfaceMethods, m => m.Name == nameof(IEventHandler<int>.OnEvent))];

            lock (Gate)
            {
                _assembly ??= AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("LowLatencyCascade.Ring.HandlerInvokers"), AssemblyBuilderAccess.Run);
                _module ??= _assembly.DefineDynamicModule("HandlerInvokers");
                GrantAccess(typeof(IHandlerInvoker<>).Assembly);
                GrantAccess(handlerType.Assembly);
                GrantAccess(eventType.Assembly);

                var type = _module.DefineType($"Invoker{++_counter}_{handlerType.Name}",
                    TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.SequentialLayout, typeof(ValueType));
                var invokerInterface = typeof(IHandlerInvoker<>).MakeGenericType(eventType);
                type.AddInterfaceImplementation(invokerInterface);
                var field = type.DefineField("_handler", handlerType, FieldAttributes.Private | FieldAttributes.InitOnly);

                var ctor = type.DefineConstructor(MethodAttributes.Public | MethodAttributes.HideBySig, CallingConventions.Standard, [handlerType]);
                var il = ctor.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Stfld, field);
                il.Emit(OpCodes.Ret);

                var onEvent = type.DefineMethod(nameof(IHandlerInvoker<int>.OnEvent),
                    MethodAttributes.Public | MethodAttributes.Final | MethodAttributes.HideBySig | MethodAttributes.NewSlot | MethodAttributes.Virtual,
                    typeof(void), [eventType.MakeByRefType(), typeof(long), typeof(bool)]);
                onEvent.SetImplementationFlags(MethodImplAttributes.AggressiveInlining);
                il = onEvent.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldfld, field);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldarg_2);
                il.Emit(OpCodes.Ldarg_3);
                // The object is exactly handlerType (one invoker per concrete class): a direct, inlinable call.
                il.Emit(OpCodes.Call, target);
                il.Emit(OpCodes.Ret);
                type.DefineMethodOverride(onEvent, invokerInterface.GetMethod(nameof(IHandlerInvoker<int>.OnEvent))!);
                return type.CreateType();
            }
        }
        catch (Exception)
        {
            return null;
        }
    }

    // The emitted structs implement an internal interface and may hold a private nested handler class:
    // IgnoresAccessChecksTo (honoured by the runtime, as System.Reflection.DispatchProxy uses it) opens those.
    private static void GrantAccess(Assembly assembly)
    {
        string name = assembly.GetName().Name!;
        if (!AccessGranted.Add(name)) return;
        var ctor = typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!;
        _assembly!.SetCustomAttribute(new CustomAttributeBuilder(ctor, [name]));
    }
}
