/**
 * Olocus Discovery contracts: libp2p value types ({@link org.olocus.discovery.api.PeerId},
 * {@link org.olocus.discovery.api.Multiaddr}, {@link org.olocus.discovery.api.PeerInfo}) and the services that
 * discovery mechanisms, peer stores and the coordinator provide to each other, including the libp2p transport
 * contracts ({@link org.olocus.discovery.api.Host}, {@link org.olocus.discovery.api.StreamHandler}).
 */
@Version("2.0.0")
@Export
package org.olocus.discovery.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
