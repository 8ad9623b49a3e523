package dev.vmem.engine.model;

import java.util.Objects;

/**
 * A device: {@code device NAME: MODEL via PATH} or {@code device NAME: vfio}.
 *
 * @param name       the device's name
 * @param model      the device model as written (virtio_net, virtio_blk, vfio, …)
 * @param path       how its data reaches guest memory
 * @param pathOrigin where the path is written
 * @param origin     the whole declaration
 */
public record DeviceDecl(String name, String model, DevicePath path, Origin pathOrigin, Origin origin) {
    public DeviceDecl {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(path, "path");
        pathOrigin = pathOrigin == null ? Origin.NONE : pathOrigin;
        origin = origin == null ? Origin.NONE : origin;
    }

    public static DeviceDecl of(String name, String model, DevicePath path) {
        var o = Origin.named("device " + name);
        return new DeviceDecl(name, model, path, o, o);
    }
}
